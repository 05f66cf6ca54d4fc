"""Bulk Excel import of demands: template, every row validated, errors by row and column, dry run,
one transaction, idempotent."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from accounts.models import Organisation
from core.importing import run_import
from demands.forms import DemandImport
from demands.models import Demand
from tests import factories


def xlsx(rows, name="需求.xlsx"):
    headers = DemandImport().headers
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h, "") for h in headers])
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


def row(**overrides):
    data = {
        "需求名称": "液压系统密封件泄漏治理",
        "需求类型": "技术需求",
        "所属产业": "高端装备制造",
        "需求描述": "液压支架密封件老化漏油。",
        "关键词": "液压、密封",
        "合作方式": "委托研发、技术转让",
        "预算下限（万元）": "２０",
        "预算上限（万元）": 50,
        "有效期至": "2099/12/31",
        "联系人": "王工",
        "联系电话": "13903910001",
        "需求单位": "焦作市测试机械有限公司",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_template_has_the_headers_and_instructions(bureau, client_as):
    response = client_as(bureau).get("/demands/import/template/")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert "填写说明" in wb.sheetnames
    headers = [c.value for c in wb["数据"][1]]
    assert headers[:3] == ["需求名称", "需求类型", "所属产业"]
    assert "需求单位" in headers


@pytest.mark.django_db
def test_every_error_is_reported_by_row_and_column_and_nothing_is_written(enterprise_user, bureau):
    upload = xlsx(
        [
            row(),
            row(需求名称="第二条", 所属产业="航天"),
            row(需求名称="第三条", 联系电话="12345", 预算下限="", **{"预算上限（万元）": "abc"}),
            row(需求名称="第四条", 需求单位="不存在的公司"),
            row(),
        ]
    )
    result = run_import(spec=DemandImport(), upload=upload, user=bureau, dry_run=False)
    problems = {(e.row, e.column) for e in result.errors}
    assert (3, "所属产业") in problems
    assert (4, "预算上限（万元）") in problems
    assert (5, "统一社会信用代码") in problems
    assert (6, "需求名称") in problems  # duplicate of row 2
    assert all(e.message for e in result.errors)
    assert Demand.objects.count() == 0
    assert result.created == 0


@pytest.mark.django_db
def test_phone_error_is_on_its_column(enterprise_user, bureau):
    result = run_import(spec=DemandImport(), upload=xlsx([row(联系电话="12345")]), user=bureau, dry_run=True)
    assert [(e.row, e.column) for e in result.errors] == [(2, "联系电话")]


@pytest.mark.django_db
def test_dry_run_counts_without_writing_then_import_is_idempotent(enterprise_user, bureau):
    rows = [row(), row(需求名称="焊接烟尘治理", 需求类型="其他", 合作方式="合作研究")]
    dry = run_import(spec=DemandImport(), upload=xlsx(rows), user=bureau, dry_run=True)
    assert (dry.created, dry.errors) == (2, [])
    assert Demand.objects.count() == 0

    first = run_import(spec=DemandImport(), upload=xlsx(rows), user=bureau, dry_run=False)
    assert first.created == 2
    demand = Demand.objects.get(title="液压系统密封件泄漏治理")
    assert demand.owner == enterprise_user.organisation
    assert str(demand.budget_min) == "20.00"
    assert demand.cooperation_modes == ["commissioned_rd", "transfer"]
    assert demand.status == "draft"

    again = run_import(spec=DemandImport(), upload=xlsx(rows), user=bureau, dry_run=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = run_import(spec=DemandImport(), upload=xlsx([row(需求描述="描述有更新。")]), user=bureau, dry_run=False)
    assert (changed.created, changed.updated) == (0, 1)
    assert Demand.objects.count() == 2


@pytest.mark.django_db
def test_bureau_import_creates_new_enterprise_and_can_publish(bureau):
    uscc = factories.make_uscc()
    result = run_import(
        spec=DemandImport(),
        upload=xlsx([row(需求单位="焦作市新建材料有限公司", 统一社会信用代码=uscc)]),
        user=bureau,
        dry_run=False,
        publish=True,
    )
    assert result.errors == [] and result.created == 1
    org = Organisation.objects.get(name="焦作市新建材料有限公司")
    assert org.uscc == uscc and org.kind == "enterprise"
    assert Demand.objects.get().status == "published"


@pytest.mark.django_db
def test_enterprise_imports_only_its_own(enterprise_user, other_enterprise_user):
    result = run_import(
        spec=DemandImport(),
        upload=xlsx([row(需求单位=""), row(需求名称="别家需求", 需求单位=other_enterprise_user.organisation.name)]),
        user=enterprise_user,
        dry_run=False,
    )
    assert [(e.row, e.column) for e in result.errors] == [(3, "需求单位")]
    assert Demand.objects.count() == 0


@pytest.mark.django_db
def test_import_page_shows_errors_and_refuses_non_xlsx(enterprise_user, client_as):
    client = client_as(enterprise_user)
    response = client.post("/demands/import/", {"file": SimpleUploadedFile("a.csv", b"a,b"), "dry_run": "on"})
    assert "不支持 CSV" in response.content.decode()
    response = client.post("/demands/import/", {"file": xlsx([row(需求单位="", 所属产业="航天")]), "dry_run": "on"})
    body = response.content.decode()
    assert "航天" in body and "所属产业" in body
    assert Demand.objects.count() == 0
    response = client.post("/demands/import/", {"file": xlsx([row(需求单位="")])})
    assert Demand.objects.filter(owner=enterprise_user.organisation).count() == 1
