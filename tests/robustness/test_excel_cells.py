"""Odd spreadsheet cells are per-row, per-column Chinese errors, never a crashed import."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from core.importing import run_import
from core.inputs import parse_date, parse_decimal
from demands.forms import DemandImport
from demands.models import Demand


@pytest.mark.parametrize("value", [10**12, -(10**9), 0, float("inf"), float("nan"), 99999999, "2026-13-45"])
def test_parse_date_refuses_out_of_range_numbers(value):
    with pytest.raises(ValueError):
        parse_date(value)


def test_parse_date_still_reads_excel_serials_and_compact_numbers():
    assert parse_date(46022) == dt.date(2025, 12, 31)
    assert parse_date(20261231) == dt.date(2026, 12, 31)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-inf", "sNaN", Decimal("NaN"), float("nan"), "abc"])
def test_parse_decimal_refuses_non_finite_values(value):
    with pytest.raises(ValueError):
        parse_decimal(value)


def test_parse_decimal_keeps_decimal():
    assert parse_decimal("12,345.60") == Decimal("12345.60")
    assert parse_decimal(0.1) == Decimal("0.1")


def _xlsx(rows):
    headers = DemandImport().headers
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("需求.xlsx", buffer.getvalue())


def test_demand_import_with_garbage_dates_and_amounts_reports_rows(bureau, enterprise_user):
    base = {
        "需求名称": "液压系统密封件泄漏治理",
        "需求类型": "技术需求",
        "所属产业": "高端装备制造",
        "需求描述": "液压支架密封件老化漏油。",
        "联系人": "王工",
        "联系电话": "13903910001",
        "需求单位": enterprise_user.organisation.name,
    }
    upload = _xlsx(
        [
            {**base, "有效期至": 10**12},
            {**base, "需求名称": "第二条", "预算下限（万元）": "NaN", "预算上限（万元）": "Infinity"},
            {**base, "需求名称": "第三条", "预算上限（万元）": "1e309"},
            {**base, "需求名称": "第四条", "所在县区": 99999999999999999999},
        ]
    )
    result = run_import(spec=DemandImport(), upload=upload, user=bureau, dry_run=False)
    problems = {(e.row, e.column) for e in result.errors}
    assert (2, "有效期至") in problems
    assert (3, "预算下限（万元）") in problems
    assert (4, "预算上限（万元）") in problems
    assert any(row == 5 for row, _ in problems)
    assert not Demand.objects.exists()
