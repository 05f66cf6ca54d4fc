"""At 签约 the technology contract is recorded through the subsidies service and linked."""

from decimal import Decimal

import pytest

from core.workflow import transition
from subsidies.models import TechContract

pytestmark = pytest.mark.django_db


def sign(api, engagement, **extra):
    body = {"to": "signed", "comment": "签订技术转让合同", **extra}
    return api.post(f"/api/v1/engagements/{engagement.pk}/transition/", body, format="json")


def test_signing_records_the_contract(api_as, bureau, engagement, demand, achievement):
    transition(engagement, "negotiating", bureau)
    response = sign(
        api_as(bureau),
        engagement,
        registration_number="2026410800000123",
        contract_amount="1200000.00",
        transaction_amount="1000000.00",
        signed_on="2026-01-15",
    )
    assert response.status_code == 200, response.content
    assert response.json()["contract_registration_number"] == "2026410800000123"
    engagement.refresh_from_db()
    contract = engagement.contract
    assert engagement.status == "signed"
    assert contract.buyer == demand.owner
    assert contract.seller == achievement.owner
    assert contract.achievement == achievement
    assert contract.transaction_amount == Decimal("1000000.00")
    assert str(engagement.signed_on) == "2026-01-15"


def test_contract_errors_refuse_the_stage_and_keep_nothing(api_as, bureau, engagement):
    transition(engagement, "negotiating", bureau)
    response = sign(
        api_as(bureau),
        engagement,
        registration_number="2026410800000999",
        contract_amount="100000",
        transaction_amount="200000",
    )
    assert response.status_code == 400
    assert "技术交易额不能大于合同金额" in response.json()["detail"]
    engagement.refresh_from_db()
    assert engagement.status == "negotiating"
    assert not TechContract.objects.exists()


def test_duplicate_registration_number_is_refused(api_as, bureau, engagement, demand, enterprise_user):
    transition(engagement, "negotiating", bureau)
    api = api_as(bureau)
    assert (
        sign(api, engagement, registration_number="R-1", contract_amount="10", transaction_amount="10").status_code
        == 200
    )
    from engagements.services import engagement_open
    from tests.matching import factories as f

    other = engagement_open(
        user=bureau, demand=demand, achievement=f.achievement(engagement.achievement.owner, title="另一项成果")
    )
    transition(other, "negotiating", bureau)
    response = sign(api, other, registration_number="R-1", contract_amount="10", transaction_amount="10")
    assert response.status_code == 400
    assert "已录入" in response.json()["detail"]


def test_landing_after_signing(api_as, bureau, engagement):
    transition(engagement, "negotiating", bureau)
    transition(
        engagement,
        "signed",
        bureau,
        data={"registration_number": "R-2", "contract_amount": "5", "transaction_amount": "5"},
    )
    response = api_as(bureau).post(f"/api/v1/engagements/{engagement.pk}/transition/", {"to": "landed"}, format="json")
    assert response.status_code == 200
    assert response.json()["landed_on"]
