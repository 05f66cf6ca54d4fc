"""The dashboard exports its tables to xlsx; the bureau records the yearly figures no app records."""

import io

import openpyxl
import pytest

from dashboard.models import RecordedFigure

from .conftest import Y

pytestmark = pytest.mark.django_db


def test_export_has_the_dashboard_tables(world, client_as):
    response = client_as(world.leader).get("/dashboard/export/", {"county": "wenxian"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert {"指标完成情况", "县区排名", "需求状态漏斗", "说明"} <= set(book.sheetnames)
    indicators = {row[0]: row for row in book["指标完成情况"].iter_rows(min_row=2, values_only=True)}
    assert indicators["人才库入库人数"][1] == 3
    assert indicators["市级以上创新平台"][1] == 0  # no target: a county was chosen, the target is the city's
    assert indicators["关键核心技术突破"][6] == "仅有全市数据"  # a county was chosen
    ranking = list(book["县区排名"].iter_rows(values_only=True))
    assert ranking[0][:3] == ("名次", "县区", "已入库人才")
    assert ranking[1][1] == "温县" and ranking[1][2] == 3


def test_bureau_records_and_corrects_a_yearly_figure(world, client_as):
    client = client_as(world.bureau)
    assert client.get("/dashboard/recorded/").status_code == 200
    response = client.post(
        "/dashboard/recorded/",
        {"indicator": "high_tech_enterprises", "year": Y, "value": 340, "note": "省科技厅认定名单"},
    )
    assert response.status_code == 302
    response = client.post("/dashboard/recorded/", {"indicator": "high_tech_enterprises", "year": Y, "value": 345})
    figure = RecordedFigure.objects.get(indicator="high_tech_enterprises", year=Y)
    assert figure.value == 345 and figure.recorded_by == world.bureau
    assert [h.value for h in figure.history.order_by("history_date")] == [340, 345]
    html = client.get("/dashboard/recorded/").content.decode()
    assert "更正" in html and "省科技厅认定名单" in html
    ind = {i["code"]: i for i in client.get("/api/v1/dashboard/summary/").json()["indicators"]}
    assert ind["high_tech_enterprises"]["value"] == 345


def test_recorded_form_refuses_bad_values_in_chinese(world, client_as):
    response = client_as(world.bureau).post(
        "/dashboard/recorded/", {"indicator": "key_technologies", "year": Y, "value": -1}
    )
    assert response.status_code == 400
    assert "数值不能为负数" in response.content.decode()


def test_only_the_bureau_records(world, client_as, liaison_wenxian):
    assert client_as(world.leader).get("/dashboard/recorded/").status_code == 403
    assert client_as(liaison_wenxian).get("/dashboard/recorded/").status_code == 403
