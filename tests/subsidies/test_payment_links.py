"""A claim's payment links stop and resume counting through the workflow, with history; a
payment is still subsidised at most once."""

import pytest
from django.db import IntegrityError, transaction

from core.workflow import TransitionError, history_of, transition
from subsidies.models import Claim, ClaimPayment
from subsidies.services import claim_create

from .factories import advance, last_year, make_claim

pytestmark = pytest.mark.django_db
S = Claim.Status
L = ClaimPayment.State


def rejected_claim(owner, bureau, liaison):
    claim = advance(make_claim(owner, bureau), (owner, S.SUBMITTED), (liaison, S.COUNTY_REVIEW))
    transition(claim, S.REJECTED, liaison, "材料不实")
    return claim


def test_rejection_deactivates_links_with_history(enterprise_user, bureau, liaison_wenxian):
    claim = rejected_claim(enterprise_user, bureau, liaison_wenxian)
    [link] = claim.payment_links.all()
    assert link.is_active is False
    [change] = history_of(link)
    assert (change.workflow, change.from_state, change.to_state, change.actor) == (
        "subsidy_claim_payment",
        L.ACTIVE,
        L.INACTIVE,
        liaison_wenxian,
    )
    assert claim.number in change.comment


def test_reopen_reactivates_links_with_history(enterprise_user, bureau, liaison_wenxian):
    claim = rejected_claim(enterprise_user, bureau, liaison_wenxian)
    transition(claim, S.COUNTY_REVIEW, bureau, "误驳回，更正")
    [link] = claim.payment_links.all()
    assert link.is_active is True
    assert [(c.to_state, c.actor) for c in history_of(link)] == [(L.INACTIVE, liaison_wenxian), (L.ACTIVE, bureau)]


def test_double_subsidy_guard_holds_for_reactivation(enterprise_user, bureau, liaison_wenxian):
    claim = rejected_claim(enterprise_user, bureau, liaison_wenxian)
    again = claim_create(user=enterprise_user, contract=claim.contract, claim_year=last_year())
    [link] = claim.payment_links.all()
    assert again.payment_links.get().payment_id == link.payment_id
    with pytest.raises(TransitionError, match=again.number):
        transition(link, L.ACTIVE, bureau, "试图重新计入")
    link.refresh_from_db()
    assert link.is_active is False
    # and the database refuses it even without the workflow
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimPayment.objects.filter(pk=link.pk).update(is_active=True)


def test_enterprise_cannot_switch_its_own_links(enterprise_user, bureau):
    claim = make_claim(enterprise_user, bureau)
    link = claim.payment_links.get()
    with pytest.raises(TransitionError) as exc:
        transition(link, L.INACTIVE, enterprise_user)
    assert exc.value.code == "forbidden"
