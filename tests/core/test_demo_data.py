"""Demo data are data files loaded through the import driver and the workflow: running the
loaders twice changes nothing, and the data look like a real pool (distinct contacts, one
deliberate duplicate, consistent years, an expired demand shown as expired)."""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import Count

import achievements.demo
import demands.demo
import subsidies.demo
import talents.demo
from accounts.models import Organisation, User
from achievements.models import Achievement
from core.models import StatusChange
from demands.models import Demand
from subsidies.models import Claim, ContractPayment
from talents.models import Talent
from talents.services import find_duplicates

pytestmark = pytest.mark.django_db


@pytest.fixture
def context():
    call_command("seed_demo", users_only=True, stdout=io.StringIO())
    return {
        "users": {u.username: u for u in User.objects.all()},
        "organisations": {o.name: o for o in Organisation.objects.all()},
        "stdout": io.StringIO(),
    }


def seed_all(context):
    for module in (talents.demo, demands.demo, achievements.demo, subsidies.demo):
        module.seed(context)


def counts():
    return (
        Talent.objects.count(),
        Talent.history.count(),
        Demand.objects.count(),
        Achievement.objects.count(),
        StatusChange.objects.count(),
        Organisation.objects.count(),
    )


def test_loading_twice_changes_nothing(context):
    seed_all(context)
    first = counts()
    seed_all(context)
    assert counts() == first
    assert first[0] == len(talents.demo._rows())


def test_demo_talents_went_through_the_import_and_the_workflow(context):
    talents.demo.seed(context)
    liaison = context["users"]["liaison_wenxian"]
    own = Talent.objects.filter(native_county=liaison.county)
    assert own.exists() and set(own.values_list("created_by", flat=True)) == {liaison.pk}
    talent_type = ContentType.objects.get_for_model(Talent)
    admitted = Talent.objects.filter(status="admitted")
    assert admitted.count() >= 25
    for talent in admitted:
        steps = StatusChange.objects.filter(content_type=talent_type, object_id=str(talent.pk)).order_by("pk")
        assert [s.to_state for s in steps] == ["screening", "admitted"]
    assert Talent.objects.get(age_exception=True).age_exception_reason


def test_demo_talents_are_believable(context):
    talents.demo.seed(context)
    emails = Talent.objects.exclude(email="").values("email").annotate(n=Count("id")).filter(n__gt=1)
    phones = Talent.objects.values("phone").annotate(n=Count("id")).filter(n__gt=1)
    assert not emails.exists()
    assert [p["n"] for p in phones] == [2]  # one person entered by two counties
    pairs = {frozenset((t.pk, d.talent.pk)) for t in Talent.objects.all() for d in find_duplicates(t)}
    assert len(pairs) == 1
    assert Talent.objects.filter(is_refresh_due=True).exists()


def test_expired_demand_shows_as_expired(context):
    demands.demo.seed(context)
    expired = Demand.objects.expired().get()
    assert expired.status == "published" and expired.status_label == "已过期"
    assert Demand.objects.filter(status="published").exclude(pk=expired.pk).first().status_label == "已发布"


def test_contract_payment_and_claim_years_agree(context):
    demands.demo.seed(context)
    achievements.demo.seed(context)
    subsidies.demo.seed(context)
    for payment in ContractPayment.objects.select_related("contract"):
        contract = payment.contract
        assert contract.signed_on.year == payment.paid_on.year == int(contract.registration_number[6:10])
    for claim in Claim.objects.select_related("contract"):
        assert {p.paid_on.year for p in claim.contract.payments.all()} == {claim.claim_year}
    disbursed = Claim.objects.get(status="disbursed")
    assert f"〔{disbursed.disbursed_on.year}〕" in disbursed.disbursement_reference
