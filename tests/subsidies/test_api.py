"""/api/v1/contracts/, /api/v1/subsidy-claims/ (+ transition, simulate), /api/v1/subsidy-policies/current/."""

import pytest

from core.library.pagination import LibraryPaginator
from subsidies.models import Claim

from .factories import advance, last_year, make_claim, make_contract, make_payment

pytestmark = pytest.mark.django_db
S = Claim.Status
SIMULATE = "/api/v1/subsidy-claims/simulate/"


@pytest.mark.parametrize(
    "basis, exceptional, amount, cap",
    [
        ("0", False, "0.00", "1000000.00"),
        ("9999999.99", False, "1000000.00", "1000000.00"),
        ("10000000.00", False, "1000000.00", "1000000.00"),
        ("10000000.01", False, "1000000.00", "1000000.00"),
        ("25000000", True, "2000000.00", "2000000.00"),
        ("12345.65", False, "1234.57", "1000000.00"),
    ],
)
def test_simulate(api_as, enterprise_user, basis, exceptional, amount, cap):
    response = api_as(enterprise_user).post(
        SIMULATE, {"basis_amount": basis, "exceptional": exceptional}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["amount"] == amount and body["cap"] == cap
    assert body["rate"] == "0.10" and body["policy"] == "焦办〔2020〕23号"
    assert isinstance(body["amount"], str)


@pytest.mark.parametrize(
    "payload, message",
    [
        ({"basis_amount": "-1", "exceptional": False}, "不能为负数"),
        ({"basis_amount": "abc", "exceptional": False}, "必须是数字"),
        ({"basis_amount": "", "exceptional": False}, "请填写计算基数"),
        ({"exceptional": False}, "请填写计算基数"),
        ({"basis_amount": "100", "exceptional": "maybe"}, "exceptional"),
    ],
)
def test_simulate_bad_input_is_400_with_chinese_message(api_as, enterprise_user, payload, message):
    response = api_as(enterprise_user).post(SIMULATE, payload, format="json")
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_simulate_needs_login(api_client):
    assert api_client.post(SIMULATE, {"basis_amount": "1"}, format="json").status_code in (401, 403)


def test_current_policy(api_as, leader):
    body = api_as(leader).get("/api/v1/subsidy-policies/current/").json()
    assert body["document_number"] == "焦办〔2020〕23号"
    assert body["rate"] == "0.10" and body["per_project_cap"] == "1000000.00"
    assert body["per_enterprise_year_cap"] is None and body["exceptional_cap"] == "2000000.00"
    assert body["valid_from"] == "2020-08-12"


def test_contract_api_create_and_scope(api_as, enterprise_user, other_enterprise_user, liaison_wenxian, bureau):
    payload = {
        "registration_number": "4108002025000777",
        "name": "智能仓储调度算法技术许可",
        "contract_type": "licensing",
        "seller_name": "大连理工大学",
        "contract_amount": "500000.00",
        "transaction_amount": "450000.00",
        "signed_on": "2025-02-01",
        "registered_on": "2025-02-15",
    }
    created = api_as(enterprise_user).post("/api/v1/contracts/", payload, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["buyer"] == enterprise_user.organisation_id
    bad = api_as(enterprise_user).post(
        "/api/v1/contracts/", {**payload, "registration_number": "X1", "transaction_amount": "600000"}, format="json"
    )
    assert bad.status_code == 400 and "技术交易额不能大于合同金额" in str(bad.json())
    pk = created.json()["id"]
    assert api_as(liaison_wenxian).get(f"/api/v1/contracts/{pk}/").status_code == 200
    assert api_as(bureau).get(f"/api/v1/contracts/{pk}/").status_code == 200
    assert api_as(other_enterprise_user).get(f"/api/v1/contracts/{pk}/").status_code == 404
    assert api_as(other_enterprise_user).get("/api/v1/contracts/").json()["count"] == 0


def test_claim_api_full_path_with_amounts(api_as, enterprise_user, liaison_wenxian, bureau):
    claim = make_claim(enterprise_user, bureau)
    owner = api_as(enterprise_user)
    url = f"/api/v1/subsidy-claims/{claim.pk}/transition/"
    assert owner.post(url, {"to": "submitted", "comment": "请审核"}, format="json").status_code == 200
    county = api_as(liaison_wenxian)
    assert county.post(url, {"to": "county_review"}, format="json").status_code == 200
    too_much = county.post(url, {"to": "bureau_review", "amount": "100000.01"}, format="json")
    assert too_much.status_code == 400 and "政策上限" in too_much.json()["detail"]
    ok = county.post(url, {"to": "bureau_review", "comment": "核减", "amount": "88000.00"}, format="json")
    assert ok.status_code == 200 and ok.json()["current_amount"] == "88000.00"
    role_refused = owner.post(url, {"to": "approved"}, format="json")
    assert role_refused.status_code == 403
    approved = api_as(bureau).post(url, {"to": "approved", "amount": "88000.00"}, format="json")
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved" and approved.json()["approved_amount"] == "88000.00"
    again = api_as(bureau).post(url, {"to": "approved"}, format="json")
    assert again.status_code == 400


def test_claim_api_create_and_double_claim(api_as, enterprise_user, bureau):
    contract = make_contract(enterprise_user)
    make_payment(contract, enterprise_user, bureau)
    api = api_as(enterprise_user)
    first = api.post("/api/v1/subsidy-claims/", {"contract": contract.pk, "claim_year": last_year()}, format="json")
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["status"] == "draft" and body["computed_amount"] == "100000.00" and body["policy"] == "焦办〔2020〕23号"
    second = api.post("/api/v1/subsidy-claims/", {"contract": contract.pk, "claim_year": last_year()}, format="json")
    assert second.status_code == 400 and "已有申报" in str(second.json())


def test_claim_api_scoping(
    api_as, enterprise_user, other_enterprise_user, liaison_wenxian, liaison_qinyang, bureau, leader, institute_user
):
    draft = make_claim(enterprise_user, bureau)
    filed = advance(make_claim(enterprise_user, bureau), (enterprise_user, S.SUBMITTED))

    def ids(user):
        return {c["id"] for c in api_as(user).get("/api/v1/subsidy-claims/").json()["results"]}

    assert ids(enterprise_user) == {draft.pk, filed.pk}
    assert ids(liaison_wenxian) == {filed.pk}  # drafts stay with the enterprise
    assert ids(bureau) == {filed.pk}
    assert ids(leader) == {filed.pk}
    assert ids(liaison_qinyang) == set()
    assert ids(other_enterprise_user) == set()
    assert ids(institute_user) == set()
    assert (
        api_as(other_enterprise_user)
        .post(f"/api/v1/subsidy-claims/{filed.pk}/transition/", {"to": "county_review"}, format="json")
        .status_code
        == 404
    )
    # leaders read but do not edit
    assert (
        api_as(leader)
        .patch(f"/api/v1/subsidy-claims/{filed.pk}/", {"requested_amount": "1"}, format="json")
        .status_code
        == 403
    )


def test_attachment_upload_by_api(api_as, enterprise_user, bureau):
    from .factories import pdf

    claim = make_claim(enterprise_user, bureau, attach=False)
    api = api_as(enterprise_user)
    ok = api.post(
        f"/api/v1/subsidy-claims/{claim.pk}/attachments/", {"kind": "contract", "file": pdf()}, format="multipart"
    )
    assert ok.status_code == 201 and ok.json()["content_type"] == "application/pdf"
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = api.post(
        f"/api/v1/subsidy-claims/{claim.pk}/attachments/",
        {"kind": "contract", "file": SimpleUploadedFile("x.pdf", b"hello world")},
        format="multipart",
    )
    assert bad.status_code == 400 and "仅支持" in str(bad.json())


def test_claim_count_is_capped_on_the_api_and_the_page(api_as, client_as, enterprise_user, bureau, monkeypatch):
    monkeypatch.setattr(LibraryPaginator, "cap", 2)
    for _ in range(3):
        make_claim(enterprise_user, bureau, attach=False)

    body = api_as(enterprise_user).get("/api/v1/subsidy-claims/?page_size=1").json()
    assert body["count"] == 2 and body["count_capped"] is True
    text = client_as(enterprise_user).get("/subsidies/claims/").content.decode()
    assert "超过 2 条" in text and 'data-testid="count-capped"' in text
