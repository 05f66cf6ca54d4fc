"""A contract is recorded only by someone in its parties' scope, reveals no other unit's contract,
and counts for claims only once the buyer confirms it or the bureau verifies it."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Notification, StatusChange
from core.workflow import TransitionError, transition
from subsidies.models import TechContract
from subsidies.services import claim_create, contract_create
from tests.factories import make_enterprise_user, make_leader

from .factories import last_year, make_payment

pytestmark = pytest.mark.django_db


class C:  # TechContract.Status values, spelled out
    RECORDED, CONFIRMED, VERIFIED, DISPUTED = "recorded", "confirmed", "verified", "disputed"


CONTRACTS = "/api/v1/contracts/"


def payload(buyer, seller, number="4108002024000777", **extra):
    body = {
        "registration_number": number,
        "name": "精密铸造工艺技术转让",
        "contract_type": "transfer",
        "buyer": buyer.pk,
        "seller": seller.pk if seller else None,
        "seller_name": seller.name if seller else "中国科学院金属研究所",
        "contract_amount": "500000.00",
        "transaction_amount": "500000.00",
        "signed_on": date(last_year(), 1, 10).isoformat(),
        "registered_on": date(last_year(), 1, 20).isoformat(),
    }
    body.update(extra)
    return body


def test_api_refuses_a_contract_between_two_other_units(api_as, enterprise_user, other_enterprise_user, institute_user):
    third = make_enterprise_user()
    answer = api_as(third).post(
        CONTRACTS, payload(enterprise_user.organisation, institute_user.organisation), format="json"
    )
    assert answer.status_code == 403
    assert not TechContract.objects.exists()


def test_institute_may_record_only_as_seller(enterprise_user, institute_user):
    with pytest.raises(PermissionDenied):
        contract_create(user=institute_user, **_service(payload(institute_user.organisation, None), enterprise_user))


def _service(body, buyer_user):
    """The API body as service keyword arguments."""
    from core.inputs import parse_date_or_none as parse_date_value

    values = dict(body)
    values.pop("buyer")
    values.pop("seller")
    values["signed_on"] = parse_date_value(values["signed_on"])
    values["registered_on"] = parse_date_value(values["registered_on"])
    return {**values, "buyer": buyer_user.organisation}


def test_leader_cannot_record_for_an_enterprise(enterprise_user):
    with pytest.raises(PermissionDenied):
        contract_create(user=make_leader(), **_service(payload(enterprise_user.organisation, None), enterprise_user))


def test_seller_recorded_contract_waits_for_the_buyer(
    api_as, enterprise_user, institute_user, bureau, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = api_as(institute_user).post(
            CONTRACTS, payload(enterprise_user.organisation, institute_user.organisation), format="json"
        )
    assert answer.status_code == 201, answer.content
    assert answer.json()["status"] == C.RECORDED
    contract = TechContract.objects.get()
    # the buyer is told, and nothing can be claimed on it yet
    assert Notification.objects.filter(recipient=enterprise_user, kind="subsidy_contract_recorded").exists()
    make_payment(contract, enterprise_user, bureau)
    with pytest.raises(ValidationError, match="受让方确认"):
        claim_create(user=enterprise_user, contract=contract, claim_year=last_year())
    # the buyer confirms through the workflow (history + notice to the seller)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = api_as(enterprise_user).post(
            f"{CONTRACTS}{contract.pk}/transition/", {"to": "confirmed"}, format="json"
        )
    assert confirmed.status_code == 200, confirmed.content
    change = StatusChange.objects.get(workflow="subsidy_contract", object_id=str(contract.pk))
    assert (change.from_state, change.to_state, change.actor) == (C.RECORDED, C.CONFIRMED, enterprise_user)
    assert Notification.objects.filter(recipient=institute_user, kind="subsidy_contract_confirmed").exists()
    contract.refresh_from_db()
    assert claim_create(user=enterprise_user, contract=contract, claim_year=last_year()).pk


def test_seller_cannot_confirm_its_own_entry(enterprise_user, institute_user):
    contract = contract_create(
        user=institute_user,
        seller=institute_user.organisation,
        **_service(payload(enterprise_user.organisation, institute_user.organisation), enterprise_user),
    )
    with pytest.raises(TransitionError):
        transition(contract, C.CONFIRMED, institute_user, "")


def test_bureau_verifies_a_contract_recorded_by_a_liaison(enterprise_user, liaison_wenxian, bureau):
    contract = contract_create(
        user=liaison_wenxian, **_service(payload(enterprise_user.organisation, None), enterprise_user)
    )
    assert contract.status == C.RECORDED
    transition(contract, C.VERIFIED, bureau, "与登记系统一致")
    assert contract.status == C.VERIFIED


def test_buyer_denies_a_squatted_number_and_records_the_real_contract(api_as, enterprise_user, institute_user):
    squatter = api_as(institute_user).post(
        CONTRACTS, payload(enterprise_user.organisation, institute_user.organisation), format="json"
    )
    contract = TechContract.objects.get(pk=squatter.json()["id"])
    denied = api_as(enterprise_user).post(
        f"{CONTRACTS}{contract.pk}/transition/", {"to": "disputed", "comment": "非本企业合同"}, format="json"
    )
    assert denied.status_code == 200, denied.content
    real = api_as(enterprise_user).post(CONTRACTS, payload(enterprise_user.organisation, None), format="json")
    assert real.status_code == 201, real.content
    assert real.json()["status"] == C.CONFIRMED


def test_duplicate_number_does_not_reveal_another_units_contract(api_as, enterprise_user, other_enterprise_user):
    mine = api_as(enterprise_user).post(CONTRACTS, payload(enterprise_user.organisation, None), format="json")
    assert mine.status_code == 201
    again = api_as(other_enterprise_user).post(
        CONTRACTS, payload(other_enterprise_user.organisation, None), format="json"
    )
    assert again.status_code == 400
    message = again.json()["registration_number"][0]
    assert "精密铸造" not in message and "已录入" not in message
    # the unit that recorded it is told which of its contracts holds the number
    own = api_as(enterprise_user).post(CONTRACTS, payload(enterprise_user.organisation, None), format="json")
    assert "精密铸造工艺技术转让" in own.json()["registration_number"][0]


def test_contract_page_offers_the_buyer_confirm_and_deny(client_as, enterprise_user, institute_user):
    contract = contract_create(
        user=institute_user,
        seller=institute_user.organisation,
        **_service(payload(enterprise_user.organisation, institute_user.organisation), enterprise_user),
    )
    page = client_as(enterprise_user).get(contract.get_absolute_url()).content.decode()
    assert "受让方确认" in page and "否认该合同" in page
    answer = client_as(enterprise_user).post(f"/subsidies/contracts/{contract.pk}/transition/", {"to": "confirmed"})
    assert answer.status_code == 302
    contract.refresh_from_db()
    assert contract.status == C.CONFIRMED


def test_home_counts_contracts_waiting_for_the_buyer(client_as, enterprise_user, institute_user):
    contract_create(
        user=institute_user,
        seller=institute_user.organisation,
        **_service(payload(enterprise_user.organisation, institute_user.organisation), enterprise_user),
    )
    home = client_as(enterprise_user).get("/").content.decode()
    assert "待确认合同" in home
