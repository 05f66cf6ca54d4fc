"""Who sees which platform: the same answer on the page, in the API and in the export."""

import io

import openpyxl
import pytest

from platforms.models import Platform

from .factories import make_platform

pytestmark = pytest.mark.django_db


@pytest.fixture
def platforms(enterprise_user, other_enterprise_user, institute_user):
    own = enterprise_user.organisation  # 温县 enterprise
    other = other_enterprise_user.organisation  # 沁阳 enterprise
    planning_wx = make_platform(own, name="温县筹建平台")
    planning_qy = make_platform(other, name="沁阳筹建平台", county="qinyang")
    partnered = make_platform(other, name="沁阳合作平台", county="qinyang")
    partnered.partners.set([institute_user.organisation])
    recognised_qy = make_platform(other, name="沁阳已认定平台", county="qinyang", status="recognised")
    revoked_qy = make_platform(other, name="沁阳已撤销平台", county="qinyang", status="revoked")
    return {
        "planning_wx": planning_wx,
        "planning_qy": planning_qy,
        "partnered": partnered,
        "recognised_qy": recognised_qy,
        "revoked_qy": revoked_qy,
    }


def names_on_page(client, url="/platforms/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def api_names(client):
    response = client.get("/api/v1/platforms/")
    assert response.status_code == 200
    return {row["name"] for row in response.json()["results"]}


def export_names(client):
    response = client.get("/platforms/export/")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}


EXPECTED = {
    "bureau": {"温县筹建平台", "沁阳筹建平台", "沁阳合作平台", "沁阳已认定平台", "沁阳已撤销平台"},
    "leader": {"温县筹建平台", "沁阳筹建平台", "沁阳合作平台", "沁阳已认定平台", "沁阳已撤销平台"},
    "liaison_wenxian": {"温县筹建平台", "沁阳已认定平台"},
    "liaison_qinyang": {"沁阳筹建平台", "沁阳合作平台", "沁阳已认定平台", "沁阳已撤销平台"},
    "enterprise_user": {"温县筹建平台", "沁阳已认定平台"},
    "other_enterprise_user": {"沁阳筹建平台", "沁阳合作平台", "沁阳已认定平台", "沁阳已撤销平台"},
    "institute_user": {"沁阳合作平台", "沁阳已认定平台"},
}


@pytest.mark.parametrize("persona", EXPECTED)
def test_scope_is_the_same_on_page_api_and_export(request, persona, platforms, api_as, client_as):
    user = request.getfixturevalue(persona)
    expected = EXPECTED[persona]
    assert set(Platform.objects.visible_to(user).values_list("name", flat=True)) == expected
    assert api_names(api_as(user)) == expected
    client = client_as(user)
    assert export_names(client) == expected
    page = names_on_page(client)
    for name in EXPECTED["bureau"]:
        assert (name in page) == (name in expected), name


def test_out_of_scope_detail_is_404(platforms, client_as, api_as, liaison_wenxian, enterprise_user):
    hidden = platforms["planning_qy"]
    assert client_as(liaison_wenxian).get(f"/platforms/{hidden.pk}/").status_code == 404
    assert api_as(enterprise_user).get(f"/api/v1/platforms/{hidden.pk}/").status_code == 404


def test_anonymous_cannot_read_platforms(client, platforms):
    assert client.get("/platforms/").status_code == 302
    assert client.get("/api/v1/platforms/").status_code == 403
    assert client.get("/platforms/export/").status_code == 302


def test_filters_shared_by_page_api_and_export(platforms, bureau, api_as, client_as):
    query = "?county=qinyang&status=recognised&level=city&type=eng_tech_center&industry=equipment"
    rows = api_as(bureau).get("/api/v1/platforms/" + query).json()["results"]
    assert [r["name"] for r in rows] == ["沁阳已认定平台"]
    # The API also takes the Chinese names.
    rows = api_as(bureau).get("/api/v1/platforms/?county=沁阳市&type=工程技术研究中心&status=planning").json()
    assert {r["name"] for r in rows["results"]} == {"沁阳筹建平台", "沁阳合作平台"}
    client = client_as(bureau)
    response = client.get("/platforms/export/" + query)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["沁阳已认定平台"]
    page = client.get("/platforms/?q=合作").content.decode()
    assert "沁阳合作平台" in page and "沁阳已认定平台" not in page


def test_unknown_filter_value_is_a_chinese_400(bureau, api_as):
    response = api_as(bureau).get("/api/v1/platforms/?county=火星")
    assert response.status_code == 400
    assert "不是有效的" in str(response.json())
