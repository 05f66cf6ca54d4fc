"""Who keeps and who reads credit records: pages, API and export."""

import io

import openpyxl
import pytest

from credit.models import CreditRecord

from .factories import make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(enterprise_user, other_enterprise_user):
    own = make_record(enterprise_user.organisation, kind="bad", reason="合同履约逾期")
    other = make_record(other_enterprise_user.organisation, kind="blacklist", reason="虚报交易额")
    person = make_record(None, kind="good", person_name="王某某", reason="成果转化贡献突出")
    return {"own": own, "other": other, "person": person}


def test_bureau_and_leader_read_all(api_as, bureau, leader, records):
    for user in (bureau, leader):
        ids = {r["id"] for r in api_as(user).get("/api/v1/credit-records/").json()["results"]}
        assert ids == {r.pk for r in records.values()}


def test_enterprise_reads_only_its_own(api_as, client_as, enterprise_user, records):
    data = api_as(enterprise_user).get("/api/v1/credit-records/").json()["results"]
    assert [r["id"] for r in data] == [records["own"].pk]
    assert api_as(enterprise_user).get(f"/api/v1/credit-records/{records['other'].pk}/").status_code == 404
    client = client_as(enterprise_user)
    page = client.get("/credit/").content.decode()
    assert "合同履约逾期" in page and "虚报交易额" not in page
    assert client.get(f"/credit/{records['other'].pk}/").status_code == 404
    assert client.get("/credit/export/").status_code == 403


def test_liaison_and_anonymous_read_nothing(api_as, client, client_as, liaison_wenxian, records):
    assert api_as(liaison_wenxian).get("/api/v1/credit-records/").json()["count"] == 0
    assert client.get("/api/v1/credit-records/").status_code == 403
    assert client.get("/credit/").status_code == 302
    assert client_as(liaison_wenxian).get("/credit/").status_code == 403


def test_api_field_names(api_as, bureau, records):
    row = api_as(bureau).get(f"/api/v1/credit-records/{records['other'].pk}/").json()
    assert row["organisation"] == records["other"].organisation_id
    assert row["kind"] == "blacklist"
    assert row["reason"] == "虚报交易额"
    assert {"valid_from", "valid_until", "source_document", "person_name"} <= row.keys()


def test_only_bureau_writes(api_as, bureau, leader, enterprise_user, records):
    body = {
        "organisation": enterprise_user.organisation_id,
        "kind": "blacklist",
        "reason": "提供虚假材料",
        "source_document": "焦科〔2026〕3号",
        "valid_from": "2026-01-01",
        "valid_until": "2027-12-31",
    }
    for user in (leader, enterprise_user):
        assert api_as(user).post("/api/v1/credit-records/", body, format="json").status_code == 403
    response = api_as(bureau).post("/api/v1/credit-records/", body, format="json")
    assert response.status_code == 201, response.content
    record = CreditRecord.objects.get(pk=response.json()["id"])
    assert record.created_by == bureau and record.history.count() == 1
    patch = api_as(enterprise_user).patch(f"/api/v1/credit-records/{records['own'].pk}/", {"reason": "x"})
    assert patch.status_code == 403


def test_api_validation_is_chinese(api_as, bureau):
    response = api_as(bureau).post(
        "/api/v1/credit-records/",
        {
            "kind": "blacklist",
            "reason": "x",
            "source_document": "文",
            "valid_from": "2026-05-01",
            "valid_until": "2026-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert "请选择单位或填写个人姓名" in str(errors) or "不能早于" in str(errors)


def test_bureau_creates_and_edits_on_pages(client_as, bureau, enterprise_user):
    client = client_as(bureau)
    response = client.post(
        "/credit/new/",
        {
            "organisation": enterprise_user.organisation_id,
            "kind": "blacklist",
            "reason": "骗取补助",
            "source_document": "焦科〔2026〕5号",
            "valid_from": "2026-01-01",
            "valid_until": "",
        },
    )
    record = CreditRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/credit/{record.pk}/"
    assert record.valid_until is None
    response = client.post(
        f"/credit/{record.pk}/edit/",
        {
            "organisation": enterprise_user.organisation_id,
            "kind": "blacklist",
            "reason": "骗取补助",
            "source_document": "焦科〔2026〕5号",
            "valid_from": "2026-01-01",
            "valid_until": "2025-01-01",
        },
    )
    assert "有效期截止日期不能早于起始日期" in response.content.decode()
    detail = client.get(f"/credit/{record.pk}/").content.decode()
    assert "焦科〔2026〕5号" in detail and "变更记录" in detail


def test_non_bureau_cannot_open_the_form(client_as, leader, enterprise_user, records):
    assert client_as(leader).get("/credit/new/").status_code == 403
    assert client_as(enterprise_user).get(f"/credit/{records['own'].pk}/edit/").status_code == 403


def test_export_follows_filter(client_as, bureau, records):
    response = client_as(bureau).get("/credit/export/?kind=blacklist")
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 2 and "虚报交易额" in rows[1]


def test_org_list_shows_active_blacklist(client_as, bureau, other_enterprise_user, records):
    page = client_as(bureau).get("/accounts/organisations/").content.decode()
    assert "黑名单" in page
    assert f"/credit/?organisation={other_enterprise_user.organisation_id}" in page
