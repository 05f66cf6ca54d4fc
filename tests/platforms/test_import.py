"""The Excel import of platforms through the one driver: page, API, dry run, template, re-import."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import StatusChange
from platforms.importing import PlatformImport
from platforms.models import Platform
from tests import factories

pytestmark = pytest.mark.django_db
SPEC = PlatformImport()


def xlsx(*rows, headers=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(headers or SPEC.headers)
    for row in rows:
        ws.append([row.get(h, "") for h in SPEC.headers])
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("平台.xlsx", buffer.getvalue())


def row(**overrides):
    data = dict(zip(SPEC.headers, SPEC.example, strict=True))
    data.update(overrides)
    return data


@pytest.fixture
def units(db):
    host = factories.OrganisationFactory(name="焦作市示范机械制造有限公司", kind="enterprise")
    factories.OrganisationFactory(name="中国科学院示范技术研究所", kind="institute", institute_kind="cas")
    return host


def test_bureau_dry_run_then_import_then_reimport(api_as, bureau, units):
    client = api_as(bureau)
    rows = [row(), row(**{"平台名称": "焦作市新材料中试基地", "平台类型": "中试基地", "级别": "省级", "状态": ""})]
    response = client.post("/api/v1/platforms/import/", {"file": xlsx(*rows), "dry_run": "true"}, format="multipart")
    assert response.status_code == 200, response.json()
    assert response.json()["created"] == 2 and not Platform.objects.exists()

    response = client.post("/api/v1/platforms/import/", {"file": xlsx(*rows)}, format="multipart")
    assert response.status_code == 200, response.json()
    recognised = Platform.objects.get(name="焦作市高端液压装备工程技术研究中心")
    assert recognised.status == "recognised" and recognised.document_number == "焦科〔2025〕36号"
    assert StatusChange.objects.filter(object_id=str(recognised.pk), to_state="recognised", actor=bureau).exists()
    assert Platform.objects.get(name="焦作市新材料中试基地").status == "planning"

    again = client.post("/api/v1/platforms/import/", {"file": xlsx(*rows)}, format="multipart").json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert Platform.objects.count() == 2


def test_every_error_reported_and_nothing_written(api_as, bureau, units):
    bad = [row(**{"平台类型": "量子实验室"}), row(**{"平台名称": "第二个", "所在县区": "火星", "认定文号": ""})]
    response = api_as(bureau).post("/api/v1/platforms/import/", {"file": xlsx(*bad)}, format="multipart")
    assert response.status_code == 400
    errors = {(e["row"], e["column"]) for e in response.json()["errors"]}
    assert {(2, "平台类型"), (3, "所在县区"), (3, "认定文号")} <= errors
    assert not Platform.objects.exists()


def test_host_imports_own_planning_platforms_on_the_page(client_as, enterprise_user):
    name = enterprise_user.organisation.name
    client = client_as(enterprise_user)
    assert client.get("/platforms/import/").status_code == 200
    upload = xlsx(row(**{"依托单位": name, "合作院所": "", "状态": "", "认定日期": "", "认定文号": ""}))
    response = client.post("/platforms/import/", {"file": upload})
    assert "新增 1 条" in response.content.decode()
    platform = Platform.objects.get()
    assert platform.host == enterprise_user.organisation and platform.status == "planning"
    refused = client.post("/platforms/import/", {"file": xlsx(row(**{"依托单位": name}))}).content.decode()
    assert "只有市科技局可以导入已认定或已撤销的平台" in refused


def test_template_download(client_as, api_as, bureau, liaison_wenxian):
    response = client_as(bureau).get("/platforms/import/template/")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book["数据"][1]] == SPEC.headers
    assert api_as(bureau).get("/api/v1/platforms/template/").status_code == 200
    assert api_as(liaison_wenxian).get("/api/v1/platforms/template/").status_code == 403
    assert client_as(liaison_wenxian).get("/platforms/import/").status_code == 403
