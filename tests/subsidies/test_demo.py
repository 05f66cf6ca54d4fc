import io

import pytest
from django.core.management import call_command

from accounts.models import Organisation, User
from subsidies import demo
from subsidies.models import Claim, TechContract

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_covers_the_workflow():
    call_command("seed_demo", users_only=True, stdout=io.StringIO())
    context = {
        "users": {u.username: u for u in User.objects.all()},
        "organisations": {o.name: o for o in Organisation.objects.all()},
        "stdout": io.StringIO(),
    }
    demo.seed(context)
    demo.seed(context)
    assert TechContract.objects.count() == len(demo.CONTRACTS)
    states = set(Claim.objects.values_list("status", flat=True))
    assert states == {"draft", "returned", "bureau_review", "leader_review", "publicized", "disbursed"}
    exceptional = Claim.objects.get(status="leader_review")
    assert exceptional.computed_amount == 1200000 and exceptional.is_exceptional
    assert Claim.objects.get(status="disbursed").disbursement_reference
