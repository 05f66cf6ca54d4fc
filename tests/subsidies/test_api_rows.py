"""The claim, contract and payment list APIs write some values directly (ClaimSerializer.direct_values) and names the
county from its table: its rows are what DRF's own fields write over fully loaded claims."""

import pytest

from subsidies.api.serializers import (
    CLAIM_DETAIL_ONLY,
    ClaimAttachmentSerializer,
    ClaimSerializer,
    ContractPaymentSerializer,
    ContractSerializer,
)
from subsidies.models import Claim, ContractPayment, TechContract
from subsidies.workflow import load_page_facts

from .factories import advance, make_claim

pytestmark = pytest.mark.django_db
S = Claim.Status


class PlainAttachments(ClaimAttachmentSerializer):
    direct_values = {}


class Plain(ClaimSerializer):
    direct_values = {}
    attachments = PlainAttachments(many=True, read_only=True)


@pytest.fixture
def claims(enterprise_user, bureau, liaison_wenxian):
    make_claim(enterprise_user, bureau)  # a draft with its attachments
    make_claim(enterprise_user, bureau, attach=False, exceptional=True)
    submitted = advance(make_claim(enterprise_user, bureau), (enterprise_user, S.SUBMITTED))
    advance(submitted, (liaison_wenxian, S.COUNTY_REVIEW), (liaison_wenxian, S.BUREAU_REVIEW))


@pytest.mark.parametrize("persona", ["bureau", "leader", "liaison_wenxian", "enterprise_user"])
def test_api_rows_are_what_drf_fields_write(request, api_as, persona, claims):
    user = request.getfixturevalue(persona)
    response = api_as(user).get("/api/v1/subsidy-claims/?fields=full")
    assert response.status_code == 200
    listed = response.json()["results"]
    full = (
        Claim.objects.visible_to(user)
        .select_related("enterprise", "enterprise__county", "policy", "contract")
        .prefetch_related("attachments", "payment_links")
        .order_by("-created_at", "-id")
    )
    request_ = type("R", (), {"user": user})()
    expected = Plain(load_page_facts(full), many=True, context={"request": request_}).data
    assert listed and [dict(row) for row in expected] == listed
    assert any(row["attachments"] for row in listed)
    assert {row["county"] for row in listed} == {"温县"}

    # The compact list (the default): the same rows without what only the full record carries,
    # and `url`, where GET gives that full record.
    compact = api_as(user).get("/api/v1/subsidy-claims/").json()["results"]
    assert [{k: v for k, v in row.items() if k != "url"} for row in compact] == [
        {k: v for k, v in row.items() if k not in CLAIM_DETAIL_ONLY} for row in expected
    ]
    first = compact[0]
    assert first["url"] == f"http://testserver/api/v1/subsidy-claims/{first['id']}/"
    detail = api_as(user).get(first["url"]).json()
    assert detail == dict(expected[0])
    assert set(CLAIM_DETAIL_ONLY) <= set(detail)


class PlainPayment(ContractPaymentSerializer):
    direct_values = {}


class PlainContract(ContractSerializer):
    direct_values = {}
    payments = PlainPayment(many=True, read_only=True)


@pytest.mark.parametrize("persona", ["bureau", "liaison_wenxian", "enterprise_user"])
def test_contract_and_payment_rows_are_what_drf_fields_write(request, api_as, persona, claims):
    user = request.getfixturevalue(persona)
    request_ = type("R", (), {"user": user})()
    contracts = api_as(user).get("/api/v1/contracts/?page_size=50").json()["results"]
    full = TechContract.objects.visible_to(user).select_related("buyer").prefetch_related("payments")
    by_id = {row["id"]: row for row in PlainContract(list(full), many=True, context={"request": request_}).data}
    assert contracts and all(dict(by_id[row["id"]]) == row for row in contracts)
    assert all(row["payments"] for row in contracts)
    payments = api_as(user).get("/api/v1/contract-payments/?page_size=50").json()["results"]
    full = ContractPayment.objects.visible_to(user)
    by_id = {row["id"]: row for row in PlainPayment(list(full), many=True, context={"request": request_}).data}
    assert payments and all(dict(by_id[row["id"]]) == row for row in payments)
    assert payments[0]["voucher_url"].endswith(f"/{payments[0]['id']}/voucher/")
