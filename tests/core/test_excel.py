import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from core.excel import ImportFileError, read_rows, to_halfwidth, workbook_bytes
from core.inputs import parse_date, parse_year_month

HEADERS = ["姓名", "出生年月", "手机"]


def xlsx(rows, headers=HEADERS, name="人才.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


def test_formula_like_text_is_exported_as_text():
    content = workbook_bytes(["a", "b", "c", "d", "e"], [["=1+1", "+86 138", "-5", "@SUM(A1)", "普通"]])
    ws = load_workbook(io.BytesIO(content)).active
    cells = list(ws.iter_rows(min_row=2, max_row=2))[0]
    assert [c.value for c in cells] == ["=1+1", "+86 138", "-5", "@SUM(A1)", "普通"]
    assert all(c.data_type == "s" for c in cells)


def test_rows_are_numbered_as_excel_shows_them_and_blank_rows_skipped():
    upload = xlsx([[" 张三 ", "1975.03", "１３８３９１００００１"], [None, None, None], ["李四", 197503, None], [], []])
    rows = read_rows(upload, HEADERS)
    assert [r.number for r in rows] == [2, 4]
    assert rows[0].values == {"姓名": "张三", "出生年月": "1975.03", "手机": "13839100001"}


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("old.xls", b"\xd0\xcf\x11\xe0junk", ".xls"),
        ("data.csv", b"a,b,c\n", "CSV"),
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n", "不是 Excel"),
        ("broken.xlsx", b"PK\x03\x04garbage-not-a-zip", "损坏"),
    ],
)
def test_unreadable_files_get_a_clear_chinese_message(name, content, message):
    with pytest.raises(ImportFileError) as exc:
        read_rows(SimpleUploadedFile(name, content), HEADERS)
    assert message in str(exc.value)


def test_missing_header_is_reported():
    with pytest.raises(ImportFileError) as exc:
        read_rows(xlsx([["张三", "1975.03"]], headers=["姓名", "出生年月"]), HEADERS)
    assert "手机" in str(exc.value)


def test_too_many_rows_is_refused(settings):
    settings.IMPORT_MAX_ROWS = 2
    with pytest.raises(ImportFileError) as exc:
        read_rows(xlsx([["a", "1975.01", ""]] * 3), HEADERS)
    assert "最多 2 行" in str(exc.value)


def test_oversized_file_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(ImportFileError) as exc:
        read_rows(xlsx([["a", "1975.01", ""]]), HEADERS)
    assert "文件过大" in str(exc.value)


@pytest.mark.parametrize(
    "value",
    [
        "1975.03",
        "1975.3",
        "1975-03",
        "1975/3",
        "1975年3月",
        "1975年03月",
        "197503",
        "19750315",
        197503,
        1975.03,
        dt.datetime(1975, 3, 1),
        dt.date(1975, 3, 9),
        27454,
    ],
)
def test_year_month_in_every_way_liaisons_type_it(value):
    assert parse_year_month(value) == (1975, 3)


@pytest.mark.parametrize("value", ["1975", "1975.13", "abc", "03/1975", "2200.01"])
def test_bad_year_month_raises(value):
    with pytest.raises(ValueError):
        parse_year_month(value)


def test_parse_date_forms():
    for value in ["2026-12-31", "2026/12/31", "2026.12.31", "2026年12月31日", "20261231", dt.datetime(2026, 12, 31)]:
        assert parse_date(value) == dt.date(2026, 12, 31)


def test_halfwidth_keeps_chinese_text():
    assert to_halfwidth("ＡＢＣ１２３　中文（括号）") == "ABC123 中文（括号）"
