""" "每项…最高不超过100万元" is a cap per project: every live claim of one contract (and of the
achievement it transfers) counts, across claim years."""

from datetime import date
from decimal import Decimal

import pytest

from core.workflow import TransitionError, transition
from subsidies.models import Claim
from subsidies.services import claim_create
from tests.demands.factories import make_achievement
from tests.factories import make_institute_user

from .factories import advance, attach_required, last_year, make_contract, make_payment

pytestmark = pytest.mark.django_db
S = Claim.Status


def two_year_contract(owner, bureau, *, yearly="8000000.00", **kwargs):
    """A contract signed two years ago with a verified payment in each of the last two years."""
    earlier = last_year() - 1
    contract = make_contract(
        owner,
        transaction_amount=str(Decimal(yearly) * 2),
        signed_on=date(earlier, 1, 10),
        registered_on=date(earlier, 1, 20),
        **kwargs,
    )
    make_payment(contract, owner, bureau, amount=yearly, paid_on=date(earlier, 3, 15))
    make_payment(contract, owner, bureau, amount=yearly, paid_on=date(last_year(), 3, 15))
    return contract


def test_second_year_claim_gets_only_what_remains_of_the_project_cap(enterprise_user, bureau):
    contract = two_year_contract(enterprise_user, bureau)
    first = claim_create(user=enterprise_user, contract=contract, claim_year=last_year() - 1)
    assert first.computed_amount == Decimal("800000.00")
    second = claim_create(user=enterprise_user, contract=contract, claim_year=last_year())
    assert second.computed_amount == Decimal("200000.00")  # not another 800,000
    assert "尚余 200,000.00 元" in second.calculation
    assert sum(c.current_amount for c in contract.claims.all()) == Decimal("1000000.00")


def test_rejected_claims_free_their_share_of_the_cap(enterprise_user, bureau, liaison_wenxian):
    contract = two_year_contract(enterprise_user, bureau)
    first = claim_create(user=enterprise_user, contract=contract, claim_year=last_year() - 1)
    attach_required(first, enterprise_user)
    advance(first, (enterprise_user, S.SUBMITTED), (liaison_wenxian, S.COUNTY_REVIEW))
    transition(first, S.REJECTED, liaison_wenxian, "材料不实")
    second = claim_create(user=enterprise_user, contract=contract, claim_year=last_year())
    assert second.computed_amount == Decimal("800000.00")


def test_reopening_a_rejected_claim_cannot_exceed_the_project_cap(enterprise_user, bureau, liaison_wenxian):
    contract = two_year_contract(enterprise_user, bureau)
    first = claim_create(user=enterprise_user, contract=contract, claim_year=last_year() - 1)
    attach_required(first, enterprise_user)
    advance(first, (enterprise_user, S.SUBMITTED), (liaison_wenxian, S.COUNTY_REVIEW))
    transition(first, S.REJECTED, liaison_wenxian, "材料不实")
    claim_create(user=enterprise_user, contract=contract, claim_year=last_year())  # takes 800,000
    with pytest.raises(TransitionError, match="尚余 200,000.00 元"):
        transition(first, S.COUNTY_REVIEW, bureau, "误驳回")
    first.refresh_from_db()
    assert first.status == S.REJECTED


def test_exceptional_cap_is_cumulative_too(enterprise_user, bureau):
    contract = two_year_contract(enterprise_user, bureau, yearly="15000000.00")
    reason = "填补省内空白"
    first = claim_create(
        user=enterprise_user,
        contract=contract,
        claim_year=last_year() - 1,
        is_exceptional=True,
        exceptional_justification=reason,
    )
    assert first.computed_amount == Decimal("1500000.00")
    second = claim_create(
        user=enterprise_user,
        contract=contract,
        claim_year=last_year(),
        is_exceptional=True,
        exceptional_justification=reason,
    )
    assert second.computed_amount == Decimal("500000.00")  # 2,000,000 in all


def test_contracts_transferring_one_achievement_share_the_cap(enterprise_user, bureau):
    achievement = make_achievement(make_institute_user().organisation, status="published")
    one = make_contract(enterprise_user, transaction_amount="7000000.00", achievement=achievement)
    other = make_contract(enterprise_user, transaction_amount="7000000.00", achievement=achievement)
    for contract in (one, other):
        make_payment(contract, enterprise_user, bureau)
    first = claim_create(user=enterprise_user, contract=one, claim_year=last_year())
    second = claim_create(user=enterprise_user, contract=other, claim_year=last_year())
    assert (first.computed_amount, second.computed_amount) == (Decimal("700000.00"), Decimal("300000.00"))


def test_simulator_shows_the_remaining_room_of_a_contract(api_as, client_as, enterprise_user, bureau):
    contract = two_year_contract(enterprise_user, bureau)
    claim_create(user=enterprise_user, contract=contract, claim_year=last_year() - 1)
    answer = api_as(enterprise_user).post(
        "/api/v1/subsidy-claims/simulate/", {"basis_amount": "8000000", "contract": contract.pk}, format="json"
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["amount"], body["project_claimed"], body["project_remaining"]) == (
        "200000.00",
        "800000.00",
        "200000.00",
    )
    page = client_as(enterprise_user).get("/subsidies/simulator/", {"basis_amount": "8000000", "contract": contract.pk})
    assert "尚余 200,000.00" in page.content.decode()


def test_simulator_refuses_a_contract_outside_the_callers_scope(api_as, enterprise_user, other_enterprise_user, bureau):
    contract = two_year_contract(enterprise_user, bureau)
    answer = api_as(other_enterprise_user).post(
        "/api/v1/subsidy-claims/simulate/", {"basis_amount": "100", "contract": contract.pk}, format="json"
    )
    assert answer.status_code == 400
    assert "合同" in answer.json()["detail"]


def test_claim_page_shows_the_remaining_room(client_as, enterprise_user, bureau):
    contract = two_year_contract(enterprise_user, bureau)
    claim_create(user=enterprise_user, contract=contract, claim_year=last_year() - 1)
    second = claim_create(user=enterprise_user, contract=contract, claim_year=last_year())
    page = client_as(enterprise_user).get(second.get_absolute_url()).content.decode()
    assert "本项目其他申报已占 800,000.00 元，尚余 200,000.00 元" in page
