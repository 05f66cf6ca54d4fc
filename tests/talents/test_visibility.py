"""Each role sees exactly what it should: pages, API and export."""

import io

import pytest
from openpyxl import load_workbook

from core.models import ExportLog
from talents.models import TalentStatus

from .factories import make_talent

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    return {
        "wenxian": make_talent("wenxian", name="温县人甲", phone="13911110001"),
        "qinyang": make_talent("qinyang", name="沁阳人乙", phone="13911110002"),
        "draft": make_talent("wenxian", name="温县草稿丙", phone="13911110003", status=TalentStatus.DRAFT),
    }


def _api_names(api, user):
    response = api(user).get("/api/v1/talents/")
    assert response.status_code == 200
    return {r.get("name") for r in response.json()["results"]}


def test_bureau_sees_every_record(records, bureau, api_as):
    assert _api_names(api_as, bureau) == {"温县人甲", "沁阳人乙", "温县草稿丙"}


def test_liaison_sees_only_own_county(records, liaison_wenxian, api_as, client_as):
    assert _api_names(api_as, liaison_wenxian) == {"温县人甲", "温县草稿丙"}
    page = client_as(liaison_wenxian).get("/talents/")
    assert "温县人甲" in page.content.decode() and "沁阳人乙" not in page.content.decode()


def test_liaison_cannot_open_other_county_record(records, liaison_wenxian, api_as, client_as):
    other = records["qinyang"]
    assert api_as(liaison_wenxian).get(f"/api/v1/talents/{other.pk}/").status_code == 404
    assert client_as(liaison_wenxian).get(f"/talents/{other.pk}/").status_code == 404
    assert client_as(liaison_wenxian).get(f"/talents/{other.pk}/edit/").status_code == 404
    response = api_as(liaison_wenxian).patch(f"/api/v1/talents/{other.pk}/", {"employer": "x"}, format="json")
    assert response.status_code == 404


def test_enterprise_sees_admitted_records_anonymised(records, enterprise_user, api_as, client_as):
    response = api_as(enterprise_user).get("/api/v1/talents/")
    results = response.json()["results"]
    assert {r["code"] for r in results} == {records["wenxian"].code, records["qinyang"].code}
    text = response.content.decode()
    for secret in ("温县人甲", "13911110001", "name", "phone", "email", "wechat"):
        assert secret not in text
    page = client_as(enterprise_user).get(f"/talents/{records['wenxian'].pk}/")
    assert page.status_code == 200
    assert "温县人甲" not in page.content.decode() and "13911110001" not in page.content.decode()
    assert client_as(enterprise_user).get(f"/talents/{records['draft'].pk}/").status_code == 404


def test_institute_cannot_export_or_write(records, institute_user, api_as, client_as):
    assert client_as(institute_user).get("/talents/export/").status_code == 403
    talent = records["wenxian"]
    assert (
        api_as(institute_user).patch(f"/api/v1/talents/{talent.pk}/", {"employer": "x"}, format="json").status_code
        == 403
    )
    assert api_as(institute_user).post("/api/v1/talents/", {"name": "x"}, format="json").status_code == 403
    assert api_as(institute_user).get("/api/v1/talents/template/").status_code == 403


def test_leader_sees_counts_not_people(records, leader, api_as, client_as):
    assert api_as(leader).get("/api/v1/talents/").json()["results"] == []
    assert api_as(leader).get(f"/api/v1/talents/{records['wenxian'].pk}/").status_code == 404
    assert client_as(leader).get("/talents/").status_code == 403
    progress = client_as(leader).get("/talents/progress/")
    assert progress.status_code == 200
    body = progress.content.decode()
    assert "温县人甲" not in body
    assert 'data-testid="city-count">2<' in body


def test_export_follows_scope_and_filter(records, liaison_wenxian, client_as):
    response = client_as(liaison_wenxian).get("/talents/export/?status=admitted")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content))["数据"]
    names = [r[1] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert names == ["温县人甲"]
    log = ExportLog.objects.get()
    assert log.user == liaison_wenxian and log.contains_personal_data and log.query == "status=admitted"
    assert log.row_count == 1


def test_anonymous_user_is_sent_to_login(records, client):
    assert client.get("/talents/").status_code == 302
    assert client.get("/api/v1/talents/").status_code in (401, 403)
