"""Excel import: every row checked with the web form's rules, all errors at once, nothing
written on any error, one transaction, idempotent re-import, messy files handled."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from core.workflow import history_of
from talents.forms import HEADERS
from talents.models import Talent, TalentStatus

from .factories import row, xlsx

pytestmark = pytest.mark.django_db
URL = "/api/v1/talents/import/"


def post(api, user, upload, dry_run=False):
    return api(user).post(URL, {"file": upload, "dry_run": "true" if dry_run else "false"}, format="multipart")


def test_template_has_exact_headers_and_dropdowns(liaison_wenxian, api_as):
    response = api_as(liaison_wenxian).get("/api/v1/talents/template/")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["数据"]
    assert wb.active.title == "数据" and wb.worksheets[0].title == "数据"
    assert [c.value for c in ws[1]] == HEADERS
    assert len(ws.data_validations.dataValidation) >= 5
    assert "填写说明" in wb.sheetnames


def test_clean_file_is_imported_in_one_go(liaison_wenxian, api_as):
    upload = xlsx([row(), row(姓名="张三", 手机="13912345679", 邮箱="")], trailing_blank=3)
    response = post(api_as, liaison_wenxian, upload)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert {k: body[k] for k in ("dry_run", "total_rows", "created", "updated", "errors")} == {
        "dry_run": False,
        "total_rows": 2,
        "created": 2,
        "updated": 0,
        "errors": [],
    }
    talent = Talent.objects.get(name="李红梅")
    assert talent.status == TalentStatus.SCREENING and talent.native_county.code == "wenxian"
    assert talent.title == "senior" and talent.degree == "doctor" and talent.gender == "female"
    assert (talent.birth_year, talent.birth_month) == (1980, 3)
    assert (talent.work_province, talent.work_city) == ("北京市", "海淀区")
    assert talent.cooperation_intents == ["consulting", "transfer"]
    assert [i.code for i in talent.industries.all()] == ["materials"]
    assert talent.created_by == liaison_wenxian and talent.refresh_due_on is not None
    # as a web form: created as a draft, then submitted for screening through the workflow
    assert talent.history.count() == 2
    [change] = history_of(talent)
    assert (change.from_state, change.to_state, change.actor) == ("draft", "screening", liaison_wenxian)


def test_dry_run_writes_nothing(liaison_wenxian, api_as):
    body = post(api_as, liaison_wenxian, xlsx([row()]), dry_run=True).json()
    assert body["dry_run"] is True and body["created"] == 1
    assert Talent.objects.count() == 0


def test_reimport_creates_nothing_new(liaison_wenxian, api_as):
    rows = [row(), row(姓名="张三", 手机="", 邮箱="")]
    assert post(api_as, liaison_wenxian, xlsx(rows)).json()["created"] == 2
    again = post(api_as, liaison_wenxian, xlsx(rows)).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    changed = post(api_as, liaison_wenxian, xlsx([row(职务="副所长"), rows[1]])).json()
    assert (changed["created"], changed["updated"]) == (0, 1)
    assert Talent.objects.count() == 2
    assert Talent.objects.get(name="李红梅").position == "副所长"


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("1975.03", (1975, 3)),
        ("1975年3月", (1975, 3)),
        ("197503", (1975, 3)),
        ("１９７５．０３", (1975, 3)),
        (dt.datetime(1975, 3, 1), (1975, 3)),
        ("  1975-3  ", (1975, 3)),
        (197503, (1975, 3)),
    ],
)
def test_messy_birth_dates(typed, expected, liaison_wenxian, api_as):
    response = post(api_as, liaison_wenxian, xlsx([row(出生年月=typed)]))
    assert response.status_code == 200, response.json()
    t = Talent.objects.get()
    assert (t.birth_year, t.birth_month) == expected


def test_spaces_and_fullwidth_digits(liaison_wenxian, api_as):
    upload = xlsx([row(姓名="  李 红梅 ", 手机="１３９１２３４５６７８", 籍贯县区=" 温县 ", 邮箱=" LIHM@ICCAS.AC.CN ")])
    assert post(api_as, liaison_wenxian, upload).status_code == 200
    t = Talent.objects.get()
    assert (t.name, t.phone, t.email) == ("李红梅", "13912345678", "lihm@iccas.ac.cn")


def test_phone_stored_as_number(liaison_wenxian, api_as):
    assert post(api_as, liaison_wenxian, xlsx([row(手机=13912345678)])).status_code == 200
    assert Talent.objects.get().phone == "13912345678"


def test_every_bad_row_reported_and_nothing_written(liaison_wenxian, api_as):
    rows = [
        row(),
        row(姓名="甲", 手机="12345", 出生年月="七五年"),
        row(姓名="乙", 手机="13912340000", 所属产业="造船业", 人才类别="院士"),
        row(姓名="丙", 手机="13912340001", 出生年月="1950.01"),
        row(姓名="", 手机="13912340002", 邮箱="not-an-email"),
    ]
    response = post(api_as, liaison_wenxian, xlsx(rows))
    assert response.status_code == 400
    errors = {(e["row"], e["column"]) for e in response.json()["errors"]}
    assert {
        (3, "手机"),
        (3, "出生年月"),
        (4, "所属产业"),
        (4, "人才类别"),
        (5, "出生年月"),
        (6, "姓名"),
        (6, "邮箱"),
    } <= errors
    assert not any(e[0] == 2 for e in errors)
    assert Talent.objects.count() == 0


def test_liaison_row_for_another_county_is_an_error(liaison_wenxian, api_as):
    response = post(api_as, liaison_wenxian, xlsx([row(), row(姓名="乙", 手机="13912340000", 籍贯县区="沁阳市")]))
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["row"], error["column"]) == (3, "籍贯县区") and "温县" in error["message"]


def test_liaison_blank_county_means_own_county(liaison_qinyang, api_as):
    assert post(api_as, liaison_qinyang, xlsx([row(籍贯县区="")])).status_code == 200
    assert Talent.objects.get().native_county.code == "qinyang"


def test_same_person_twice_in_one_file_is_an_error(bureau, api_as):
    response = post(api_as, bureau, xlsx([row(), row()]))
    assert response.status_code == 400
    assert response.json()["errors"][0]["row"] == 3


@pytest.mark.parametrize(
    "name, content, fragment",
    [
        ("人才.xls", b"\xd0\xcf\x11\xe0old excel", ".xls"),
        ("人才.csv", "姓名,性别\n张三,男\n".encode(), "CSV"),
        ("人才.pdf", b"%PDF-1.4 not excel", "不是 Excel"),
        ("人才.xlsx", b"PK\x03\x04 truncated zip", "损坏"),
    ],
)
def test_wrong_or_corrupt_files_get_a_clear_message(name, content, fragment, liaison_wenxian, api_as):
    response = post(api_as, liaison_wenxian, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert fragment in response.json()["errors"][0]["message"]


def test_zip_that_is_not_a_workbook(liaison_wenxian, api_as):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "hi")
    response = post(api_as, liaison_wenxian, SimpleUploadedFile("x.xlsx", buffer.getvalue()))
    assert response.status_code == 400 and response.json()["errors"][0]["message"]


def test_size_and_row_limits(liaison_wenxian, api_as, settings):
    settings.IMPORT_MAX_ROWS = 2
    response = post(api_as, liaison_wenxian, xlsx([row(), row(姓名="乙"), row(姓名="丙")]))
    assert response.status_code == 400 and "最多 2 行" in response.json()["errors"][0]["message"]
    settings.IMPORT_MAX_BYTES = 100
    response = post(api_as, liaison_wenxian, xlsx([row()]))
    assert response.status_code == 400 and "过大" in response.json()["errors"][0]["message"]


def test_missing_header_column(liaison_wenxian, api_as):
    response = post(api_as, liaison_wenxian, xlsx([row()], headers=HEADERS[:-2]))
    assert response.status_code == 400 and "表头缺少列" in response.json()["errors"][0]["message"]


def test_empty_file(liaison_wenxian, api_as):
    response = post(api_as, liaison_wenxian, xlsx([], trailing_blank=5))
    assert response.status_code == 400 and response.json()["total_rows"] == 0


def test_import_page_preview_then_commit(liaison_wenxian, client_as):
    client = client_as(liaison_wenxian)
    bad = client.post("/talents/import/", {"file": xlsx([row(), row(姓名="乙", 手机="123")])})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "cell-error" in html and "电话号码格式不正确" in html and "commit-import" not in html
    good = client.post("/talents/import/", {"file": xlsx([row(), row(姓名="乙", 手机="13912340000")])})
    assert good.status_code == 200 and Talent.objects.count() == 0
    token = good.context["token"]
    done = client.post("/talents/import/", {"token": token})
    assert done.status_code == 302 and Talent.objects.count() == 2
    again = client.post("/talents/import/", {"token": token}, follow=True)
    assert Talent.objects.count() == 2 and "已失效" in again.content.decode()


def test_non_editor_cannot_import(enterprise_user, api_as):
    assert post(api_as, enterprise_user, xlsx([row()])).status_code == 403


def test_bureau_import_does_not_overwrite_other_county_match(bureau, api_as):
    from .factories import make_talent

    other = make_talent("qinyang", name="李红梅", phone="13912345678", employer="旧单位")
    body = post(api_as, bureau, xlsx([row()])).json()
    assert body["created"] == 1 and body["updated"] == 0
    other.refresh_from_db()
    assert other.native_county.code == "qinyang" and other.employer == "旧单位"
    new = Talent.objects.exclude(pk=other.pk).get()
    from talents.services import find_duplicates

    assert [d.talent for d in find_duplicates(new)] == [other]
