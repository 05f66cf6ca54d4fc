"""Organisation verification is a workflow with history; it re-activates only the accounts
that were waiting for it."""

import pytest
from django.urls import reverse

from accounts.models import Organisation
from core.workflow import TransitionError, history_of, transition
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
V = Organisation.Verification


def pending_enterprise():
    return OrganisationFactory(kind=Organisation.Kind.ENTERPRISE, is_verified=False)


def test_verification_writes_history_and_switches_on_only_waiting_accounts(bureau):
    org = pending_enterprise()
    applicant = UserFactory(organisation=org, roles=["enterprise"], is_active=False, awaiting_verification=True)
    switched_off = UserFactory(organisation=org, roles=["enterprise"], is_active=False)
    transition(org, V.VERIFIED, bureau)
    org.refresh_from_db()
    applicant.refresh_from_db()
    switched_off.refresh_from_db()
    assert org.is_verified and org.verified_by == bureau
    assert applicant.is_active and not applicant.awaiting_verification
    assert not switched_off.is_active
    [change] = history_of(org)
    assert (change.workflow, change.from_state, change.to_state, change.actor) == (
        "organisation_verification",
        V.PENDING,
        V.VERIFIED,
        bureau,
    )


def test_rejection_needs_a_reason_keeps_accounts_off_and_can_be_reviewed_again(bureau, client_as):
    org = pending_enterprise()
    applicant = UserFactory(organisation=org, roles=["enterprise"], is_active=False, awaiting_verification=True)
    url = reverse("accounts:organisation_verify", args=[org.pk])
    page = client_as(bureau).post(url, {"decision": "reject"}, follow=True).content.decode()
    assert "请填写意见或原因" in page
    client_as(bureau).post(url, {"decision": "reject", "comment": "信用代码与名称不符"})
    org.refresh_from_db()
    applicant.refresh_from_db()
    assert org.verification_status == V.REJECTED and not applicant.is_active
    client_as(bureau).post(url, {"decision": "verify"})
    org.refresh_from_db()
    applicant.refresh_from_db()
    assert org.is_verified and applicant.is_active
    assert [(c.to_state, c.comment) for c in history_of(org)] == [
        (V.REJECTED, "信用代码与名称不符"),
        (V.VERIFIED, ""),
    ]


def test_only_the_bureau_verifies(liaison_wenxian):
    org = pending_enterprise()
    with pytest.raises(TransitionError) as exc:
        transition(org, V.VERIFIED, liaison_wenxian)
    assert exc.value.code == "forbidden"


def test_verified_flag_cannot_be_set_on_an_existing_unit():
    org = pending_enterprise()
    with pytest.raises(AttributeError):
        org.is_verified = True


def test_list_filters_by_verification_status(bureau, client_as):
    waiting = pending_enterprise()
    done = OrganisationFactory(kind=Organisation.Kind.ENTERPRISE)
    page = (
        client_as(bureau).get(reverse("accounts:organisation_list") + "?verification_status=pending").content.decode()
    )
    assert waiting.name in page and done.name not in page


def test_demo_seed_runs_twice_with_its_units_verified():
    import io

    from django.core.management import call_command

    for _ in range(2):
        call_command("seed_demo", users_only=True, stdout=io.StringIO())
    assert not Organisation.objects.exclude(verification_status=V.VERIFIED).exists()
