"""Excel (xlsx) helpers shared by every import, template and export.

- `xlsx_response()` writes rows safely: text starting with = + - @ stays text, never a formula.
- `build_template()` makes an entry template: an instructions sheet and a data sheet whose
  first row is the header, with drop-down lists for coded columns.
- `read_rows()` reads an uploaded file into numbered rows, refusing anything that is not a
  readable xlsx with a clear Chinese message, and tidying what liaisons type (spaces,
  full-width digits, blank trailing rows). Cell values are then read by the helpers of
  core/inputs.py (dates, year-months, amounts, coded choices, reference rows).
"""

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@")
DATA_SHEET = "数据"
INSTRUCTIONS_SHEET = "填写说明"
CHOICES_SHEET = "选项"


# --------------------------------------------------------------------------- writing


def _text_cell(ws, value):
    """A value for a write-only row; text that looks like a formula is forced to stay text."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, str):
        # Control characters (pasted from other systems) cannot be stored in a worksheet:
        # drop them rather than fail the whole export.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"  # a string, not a formula
        cell.quotePrefix = True  # shown and re-saved by Excel as typed text
        return cell
    return value


def workbook_bytes(headers: list[str], rows, *, title: str = DATA_SHEET, note: str | None = None) -> bytes:
    """A one-sheet workbook (write-only, so large exports stay small in memory)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    bold = Font(bold=True)
    header_cells = []
    for h in headers:
        c = WriteOnlyCell(ws, value=h)
        c.font = bold
        header_cells.append(c)
    ws.append(header_cells)
    for row in rows:
        ws.append([_text_cell(ws, v) for v in row])
    if note:  # on its own sheet, so the data sheet's header stays row 1
        info = wb.create_sheet("说明")
        info.append([note])
        info.append([f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, headers: list[str], rows, *, note: str | None = None) -> HttpResponse:
    content = workbook_bytes(headers, rows, note=note)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def build_template(
    headers: list[str],
    *,
    instructions: list[str],
    choices: dict[str, list[str]] | None = None,
    example: list | None = None,
    required: set[str] | None = None,
) -> bytes:
    """Entry template: the data sheet (header row 1, drop-down lists) opens first, then the
    instructions sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    info = wb.create_sheet(INSTRUCTIONS_SHEET)
    info.column_dimensions["A"].width = 110
    for line in instructions:
        info.append([line])
    info["A1"].font = Font(bold=True, size=14)

    ws.append(headers)
    required = required or set()
    for idx, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=idx)
        cell.font = Font(bold=True, color="C00000" if header in required else "000000")
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        ws.column_dimensions[get_column_letter(idx)].width = max(12, len(header) * 3)
    ws.freeze_panes = "A2"
    if example:
        ws.append(example)

    if choices:
        lists = wb.create_sheet(CHOICES_SHEET)
        for col_no, (header, values) in enumerate(choices.items(), start=1):
            letter = get_column_letter(col_no)
            lists.cell(row=1, column=col_no, value=header)
            for r, v in enumerate(values, start=2):
                lists.cell(row=r, column=col_no, value=v)
            target = get_column_letter(headers.index(header) + 1)
            dv = DataValidation(
                type="list",
                formula1=f"{CHOICES_SHEET}!${letter}$2:${letter}${len(values) + 1}",
                allow_blank=True,
                showErrorMessage=False,  # multi-value columns (产业, 合作意向) are typed with 、
            )
            dv.promptTitle = header
            dv.prompt = "可从下拉列表选择"
            dv.showInputMessage = True
            ws.add_data_validation(dv)
            dv.add(f"{target}2:{target}5000")
        lists.sheet_state = "hidden"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- reading


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the user (Chinese)."""


@dataclass
class ImportRow:
    number: int  # the row number as Excel shows it (header = row 1)
    values: dict[str, object]


@dataclass
class ImportProblem:
    row: int | None
    column: str
    message: str

    def as_dict(self):
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportResult:
    dry_run: bool
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[ImportProblem] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)
    actions: dict[int, str] = field(default_factory=dict)  # row number → 新增 / 更新 / 无变化 …

    def as_dict(self):
        return {
            "dry_run": self.dry_run,
            "total_rows": self.total_rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [e.as_dict() for e in self.errors],
        }


# Full-width digits, Latin letters and the signs that appear in numbers, e-mails and phones.
_FULLWIDTH = {code: code - 0xFEE0 for code in [*range(0xFF10, 0xFF1B), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
_FULLWIDTH.update({ord(c): ord(c) - 0xFEE0 for c in "＠．－＋＿＃"})
_FULLWIDTH[0x3000] = 0x20


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (１２３、ＡＢＣ、＠、－) to half-width; Chinese text is left alone."""
    return text.translate(_FULLWIDTH)


def clean_cell(value):
    if value is None:
        return ""
    if isinstance(value, str):
        value = to_halfwidth(value).replace("\u00a0", " ").strip()
        return re.sub(r"[ \t]+", " ", value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def check_upload(upload) -> None:
    """Refuse anything that is not a plausible xlsx before opening it."""
    name = (getattr(upload, "name", "") or "").lower()
    size = getattr(upload, "size", None)
    if size is not None and size > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(
            f"文件过大（{size // 1024} KB），单个文件不能超过 {settings.IMPORT_MAX_BYTES // 1024 // 1024} MB。"
        )
    if name.endswith(".xls"):
        raise ImportFileError("不支持旧版 .xls 格式：请在 Excel 中“另存为” .xlsx 工作簿后再上传。")
    if name.endswith(".csv"):
        raise ImportFileError("不支持 CSV 文件：请使用系统提供的 .xlsx 模板填写后上传。")
    head = upload.read(4)
    upload.seek(0)
    if head != b"PK\x03\x04":
        raise ImportFileError("上传的文件不是 Excel（.xlsx）文件，请下载模板填写后再上传。")


def read_rows(upload, headers: list[str], *, required_headers: list[str] | None = None) -> list[ImportRow]:
    """Read the data sheet of an uploaded template into ImportRows (blank rows skipped)."""
    check_upload(upload)
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ImportFileError("文件已损坏或不是有效的 .xlsx 工作簿，无法读取。") from exc
    try:
        ws = _find_data_sheet(wb, headers)
        if ws is None:
            raise ImportFileError(
                "没有找到数据表：第 1 行应为模板表头（" + "、".join(headers[:4]) + "…），请使用最新模板。"
            )
        rows_iter = ws.iter_rows(values_only=True)
        header_row = [clean_cell(v) for v in next(rows_iter)]
        positions = {}
        for idx, h in enumerate(header_row):
            if h in headers and h not in positions:
                positions[h] = idx
        missing = [h for h in (required_headers or headers) if h not in positions]
        if missing:
            raise ImportFileError("表头缺少列：" + "、".join(missing) + "。请使用系统提供的模板。")
        result = []
        max_rows = settings.IMPORT_MAX_ROWS
        for number, raw in enumerate(rows_iter, start=2):
            values = {h: clean_cell(raw[i]) if i < len(raw) else "" for h, i in positions.items()}
            if all(v == "" for v in values.values()):
                continue
            if len(result) >= max_rows:
                raise ImportFileError(f"数据行过多：单个文件最多 {max_rows} 行，请拆分后分批导入。")
            result.append(ImportRow(number=number, values=values))
        return result
    finally:
        wb.close()


def _find_data_sheet(wb, headers):
    wanted = set(headers)
    for ws in wb.worksheets:
        first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), None)
        if first and wanted.intersection(clean_cell(v) for v in first):
            return ws
    return None


# --------------------------------------------------------------------------- cells


def split_multi(value) -> list[str]:
    """'高端装备制造、新材料' / 'a,b' / 'a；b' → ['高端装备制造', '新材料']."""
    if value in (None, ""):
        return []
    return [part.strip() for part in re.split(r"[、,，;；/\n]+", str(value)) if part.strip()]
