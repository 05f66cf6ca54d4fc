"""Export formula escaping; API create/update/archive and filters shared with the page."""

import io

import pytest
from openpyxl import load_workbook

from talents.models import Talent, TalentStatus

from .factories import make_talent

pytestmark = pytest.mark.django_db


def test_export_writes_formula_like_text_as_text(bureau, client_as):
    make_talent(name='=HYPERLINK("http://x")', employer="+cmd|' /C calc'!A0", research_field="-2+3", notes="@SUM(1)")
    response = client_as(bureau).get("/talents/export/")
    ws = load_workbook(io.BytesIO(response.content))["数据"]
    values = [c for c in next(ws.iter_rows(min_row=2))]
    for cell in values:
        if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
            assert cell.data_type == "s"
    assert values[1].value == '=HYPERLINK("http://x")'


def payload(**changes):
    data = {
        "name": "孙丽",
        "gender": "female",
        "birth_year": 1985,
        "birth_month": 7,
        "native_county": "qinyang",
        "work_province": "广东省",
        "work_city": "深圳市",
        "employer": "华为技术有限公司",
        "position": "研发部经理",
        "title": "associate",
        "degree": "master",
        "research_field": "嵌入式系统",
        "keywords": ["芯片", "嵌入式"],
        "industries": ["it_bigdata"],
        "category": "top500_enterprise",
        "phone": "13600001234",
        "cooperation_intents": ["consulting"],
    }
    data.update(changes)
    return data


def test_api_create_update_archive(liaison_qinyang, liaison_wenxian, api_as):
    api = api_as(liaison_qinyang)
    response = api.post("/api/v1/talents/", payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (
        body["status"] == "screening"
        and body["native_county_name"] == "沁阳市"
        and body["keywords"] == ["芯片", "嵌入式"]
    )
    pk = body["id"]
    assert api.patch(f"/api/v1/talents/{pk}/", {"position": "总工程师"}, format="json").json()["position"] == "总工程师"
    bad = api.patch(f"/api/v1/talents/{pk}/", {"phone": "123"}, format="json")
    assert bad.status_code == 400 and "phone" in bad.json()
    assert api_as(liaison_wenxian).post(f"/api/v1/talents/{pk}/archive/").status_code == 404
    archived = api.post(f"/api/v1/talents/{pk}/archive/", {"comment": "本人已去世"}, format="json")
    assert archived.status_code == 200 and archived.json()["status"] == "archived"
    assert api.patch(f"/api/v1/talents/{pk}/", {"position": "x"}, format="json").status_code == 403


def test_api_liaison_cannot_create_for_other_county(liaison_wenxian, api_as):
    response = api_as(liaison_wenxian).post("/api/v1/talents/", payload(), format="json")
    assert response.status_code == 400 and "native_county" in response.json()


def test_api_transition_admits(bureau, api_as):
    t = make_talent(status=TalentStatus.SCREENING)
    response = api_as(bureau).post(f"/api/v1/talents/{t.pk}/transition/", {"to": "admitted"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "admitted"


@pytest.mark.parametrize("county", ["wenxian", "温县"])
def test_filters_accept_code_name_or_id(county, bureau, api_as):
    a = make_talent("wenxian", name="甲", industries=("biohealth",))
    make_talent("qinyang", name="乙")
    api = api_as(bureau)
    assert [r["id"] for r in api.get("/api/v1/talents/", {"county": county}).json()["results"]] == [a.pk]
    assert [r["id"] for r in api.get("/api/v1/talents/", {"county": a.native_county_id}).json()["results"]] == [a.pk]
    assert [r["id"] for r in api.get("/api/v1/talents/", {"industry": "现代生物及生命健康"}).json()["results"]] == [
        a.pk
    ]
    assert [
        r["id"]
        for r in api.get("/api/v1/talents/", {"industry": "biohealth", "category": "academic"}).json()["results"]
    ] == [a.pk]
    assert api.get("/api/v1/talents/", {"county": "nowhere"}).json()["results"] == []


def test_status_and_refresh_due_filters(bureau, api_as):
    a = make_talent(name="甲", status="screening")
    b = make_talent(name="乙")
    Talent.objects.filter(pk=b.pk).update(is_refresh_due=True)
    api = api_as(bureau)
    assert [r["id"] for r in api.get("/api/v1/talents/?status=screening").json()["results"]] == [a.pk]
    assert [r["id"] for r in api.get("/api/v1/talents/?refresh_due=true").json()["results"]] == [b.pk]


def test_chinese_search_without_spaces(bureau, api_as, client_as):
    a = make_talent(name="王建国", employer="郑州大学", research_field="高分子材料")
    make_talent(name="李四", employer="河南大学", research_field="农业经济")
    api = api_as(bureau)
    for q in ["王建国", "郑州大学高分子", "高分子材料郑州", "郑州 材料", "建国"]:
        assert [r["id"] for r in api.get("/api/v1/talents/", {"q": q}).json()["results"]] == [a.pk], q
    page = client_as(bureau).get("/talents/", {"q": "郑州大学高分子"}).content.decode()
    assert "王建国" in page and "李四" not in page


def test_list_query_count_does_not_grow(bureau, api_as, django_assert_max_num_queries):
    for i in range(30):
        make_talent(name=f"人{i}")
    api = api_as(bureau)
    with django_assert_max_num_queries(8):
        assert len(api.get("/api/v1/talents/?page_size=30").json()["results"]) == 30


def test_api_export_uses_same_filters_and_is_logged(bureau, enterprise_user, api_as):
    from core.models import ExportLog

    make_talent("wenxian", name="甲")
    make_talent("qinyang", name="乙")
    response = api_as(bureau).get("/api/v1/talents/export/", {"county": "沁阳市"})
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content))["数据"]
    assert [r[1] for r in ws.iter_rows(min_row=2, values_only=True)] == ["乙"]
    assert ExportLog.objects.get().contains_personal_data
    assert api_as(enterprise_user).get("/api/v1/talents/export/").status_code == 403


def test_reference_names_are_matched_leniently(bureau):
    from talents.forms import reference_lookups

    lookups = reference_lookups()
    assert lookups["native_county"].get("焦作市温县").code == "wenxian"
    assert lookups["native_county"].get("孟州").code == "mengzhou"
    assert lookups["industries"].get("装备制造").code == "equipment"
    assert lookups["category"].get("国家级") is None  # ambiguous: not guessed
