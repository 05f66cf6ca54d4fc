"""Excel entry template and bulk import of talent records.

Every row goes through TalentForm (the web form's rules). All errors are reported at once as
(row, column, message); a file with any error writes nothing; a clean file is written in one
transaction. Re-importing the same file changes nothing: rows are matched to existing
records of the same native county by phone, else by name + birth year-month. A match in
another county is not overwritten: the new record goes to the bureau's screening queue.
"""

import io

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from openpyxl import load_workbook
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import County, Industry
from core.excel import DATA_SHEET, ImportFileError, ImportProblem, ImportResult, build_template, read_rows
from core.models import StatusChange

from .forms import TalentForm, reference_lookups, split_work_place
from .models import (
    AGE_LIMIT,
    CooperationIntent,
    Degree,
    Gender,
    ProfessionalTitle,
    Talent,
    TalentCategory,
    TalentStatus,
)

HEADERS = [
    "姓名",
    "性别",
    "出生年月",
    "籍贯县区",
    "工作省市",
    "工作单位",
    "职务",
    "职称",
    "学历",
    "研究领域",
    "所属产业",
    "人才类别",
    "手机",
    "邮箱",
    "合作意向",
    "备注",
]
REQUIRED = {"姓名", "性别", "出生年月", "籍贯县区", "工作省市", "工作单位", "所属产业", "人才类别"}

# form field → template column (for error reports)
FIELD_COLUMNS = {
    "name": "姓名",
    "gender": "性别",
    "birth": "出生年月",
    "native_county": "籍贯县区",
    "work_province": "工作省市",
    "work_city": "工作省市",
    "employer": "工作单位",
    "position": "职务",
    "title": "职称",
    "degree": "学历",
    "research_field": "研究领域",
    "keywords": "研究领域",
    "industries": "所属产业",
    "category": "人才类别",
    "phone": "手机",
    "email": "邮箱",
    "cooperation_intents": "合作意向",
    "notes": "备注",
    "age_exception_reason": "出生年月",
}

# Fields an import may change on an existing record (compared to decide "updated").
UPDATE_FIELDS = [
    "name",
    "gender",
    "birth_year",
    "birth_month",
    "native_county_id",
    "work_province",
    "work_city",
    "employer",
    "position",
    "title",
    "degree",
    "research_field",
    "keywords",
    "category_id",
    "phone",
    "email",
    "cooperation_intents",
    "notes",
]


def template_bytes(user=None) -> bytes:
    counties = list(County.objects.active().values_list("name", flat=True))
    if user is not None and not user.is_bureau and user.is_liaison and user.county:
        counties = [user.county.name]
    instructions = [
        "焦作籍科技人才信息采集表（填写说明）",
        "1. 请在“数据”工作表中从第 2 行起逐行填写，每行一人；不要修改、删除或调换第 1 行表头。",
        "2. 红色表头为必填项：" + "、".join(h for h in HEADERS if h in REQUIRED) + "。",
        "3. 出生年月：可填 1975.03、1975-03、1975年3月、197503，或直接输入 Excel 日期。",
        f"4. 入库年龄一般在 {AGE_LIMIT} 岁以下；{AGE_LIMIT} 岁及以上确需入库的，请在网页上逐条登记年龄放宽理由。",
        "5. 籍贯县区、性别、职称、学历、人才类别请从下拉列表选择；县区联络员只能填写本县区。",
        "6. 所属产业、合作意向可填多项，用顿号“、”分隔，如：新材料、高端装备制造。",
        "7. 工作省市填写如“北京市海淀区”“河南省郑州市”。手机填写 11 位手机号，固定电话请带区号（如 0391-3561234）。",
        "8. 系统以手机号（无手机号时以姓名+出生年月+籍贯县区）识别同一人：重复导入同一文件不会产生重复记录，已有记录将按表中内容更新。",
        "9. 上传后系统先逐行校验并预览，全部无误后方可确认导入；有任何错误时不会写入任何数据。",
        "10. 人才信息属个人信息，仅限人才库工作使用；录入前请取得本人同意。",
        "",
        "人才类别说明：",
        *[f"· {c.name}：{c.examples}" for c in TalentCategory.objects.active()],
    ]
    choices = {
        "性别": [label for _, label in Gender.choices],
        "籍贯县区": counties,
        "职称": [label for _, label in ProfessionalTitle.choices],
        "学历": [label for _, label in Degree.choices],
        "所属产业": list(Industry.objects.active().values_list("name", flat=True)),
        "人才类别": list(TalentCategory.objects.active().values_list("name", flat=True)),
        "合作意向": [label for _, label in CooperationIntent.choices],
    }
    example = [
        "王建国（示例，请删除）",
        "男",
        "1978.05",
        counties[0] if counties else "",
        "北京市海淀区",
        "清华大学材料学院",
        "研究所所长",
        "正高级",
        "博士",
        "高分子材料、复合材料",
        "新材料",
        "高校院所正副教授、正副研究员、博士",
        "13800000000",
        "example@example.cn",
        "技术咨询、成果转化",
        "",
    ]
    content = build_template(HEADERS, instructions=instructions, choices=choices, example=example, required=REQUIRED)
    return _data_sheet_first(content)


def _data_sheet_first(content: bytes) -> bytes:
    """Open the template on the data sheet (first tab); the instructions follow it."""
    wb = load_workbook(io.BytesIO(content))
    data = wb[DATA_SHEET]
    wb.move_sheet(data, offset=-wb.index(data))
    wb.active = 0
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is data
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def row_to_data(values: dict) -> dict:
    """One Excel row → TalentForm data (the form does the validation)."""
    province, city = split_work_place(values.get("工作省市"))
    research = str(values.get("研究领域") or "")
    parts = [p for p in research.replace("，", "、").replace(",", "、").split("、") if p.strip()]
    return {
        "name": values.get("姓名", ""),
        "gender": values.get("性别", ""),
        "birth": values.get("出生年月", ""),
        "native_county": values.get("籍贯县区", ""),
        "work_province": province,
        "work_city": city,
        "employer": values.get("工作单位", ""),
        "position": values.get("职务", ""),
        "title": values.get("职称", ""),
        "degree": values.get("学历", ""),
        "research_field": research,
        "keywords": "、".join(parts) if len(parts) > 1 else "",
        "industries": values.get("所属产业", ""),
        "category": values.get("人才类别", ""),
        "phone": values.get("手机", ""),
        "email": values.get("邮箱", ""),
        "cooperation_intents": values.get("合作意向", ""),
        "notes": values.get("备注", ""),
    }


def _natural_keys(t: Talent):
    return (t.name, t.birth_year, t.birth_month, t.native_county_id)


def _existing_index(user, candidates: list[Talent]):
    """Existing records the user may update, indexed by phone and by name key."""
    phones = sorted({t.phone for t in candidates if t.phone})
    names = sorted({t.name for t in candidates})
    by_phone, by_key = {}, {}
    base = Talent.objects.visible_to(user)
    for start in range(0, max(len(phones), len(names)), 500):
        q = Q(phone__in=phones[start : start + 500]) | Q(name__in=names[start : start + 500])
        for t in base.filter(q).prefetch_related("industries").order_by("pk"):
            if t.phone:
                by_phone.setdefault((t.native_county_id, t.phone), t)
            by_key.setdefault(_natural_keys(t), t)
    return by_phone, by_key


class _SharedFields(dict):
    """Form fields shared by every row of one import (fields hold no per-row state)."""

    def __deepcopy__(self, memo):
        return self


def _row_form_class(user, lookups):
    """TalentForm whose fields are set up once for this user instead of deep-copied per row
    (the same fields, validators and clean methods: only faster for thousands of rows)."""
    prototype = TalentForm(user=user, lookups=lookups)
    row_form = type("TalentRowForm", (TalentForm,), {})
    row_form.base_fields = _SharedFields(prototype.fields)  # after the metaclass has run
    return row_form


def import_talents(upload, *, user, dry_run: bool) -> ImportResult:
    """Validate every row; when clean (and not a dry run) write all rows in one transaction.

    Raises ImportFileError when the file as a whole cannot be read.
    """
    rows = read_rows(upload, HEADERS, required_headers=HEADERS)
    result = ImportResult(dry_run=dry_run, total_rows=len(rows), rows=rows)
    result.actions = {}
    if not rows:
        result.errors.append(ImportProblem(None, "", "文件中没有数据行：请从第 2 行起填写人才信息。"))
        return result
    lookups = reference_lookups()
    row_form = _row_form_class(user, lookups)
    valid = []  # (row, talent instance with values, industries)
    for row in rows:
        form = row_form(data=row_to_data(row.values), user=user, lookups=lookups)
        if form.is_valid():
            valid.append((row, form.instance, form.cleaned_data["industries"]))
            continue
        for field, messages in form.errors.items():
            column = FIELD_COLUMNS.get(field, "")
            for message in messages:
                result.errors.append(ImportProblem(row.number, column, message))

    by_phone, by_key = _existing_index(user, [t for _, t, _ in valid])
    seen = {}
    creates, updates = [], []
    for row, talent, industries in valid:
        key = ("phone", talent.phone) if talent.phone else ("key", _natural_keys(talent))
        if key in seen:
            column = "手机" if talent.phone else "姓名"
            result.errors.append(
                ImportProblem(row.number, column, f"与第 {seen[key]} 行是同一人（{talent.name}），请删除重复行。")
            )
            continue
        seen[key] = row.number
        # The same person in the same county: a match in another county is left to screening.
        existing = (by_phone.get((talent.native_county_id, talent.phone)) if talent.phone else None) or by_key.get(
            _natural_keys(talent)
        )
        if existing is None:
            creates.append((talent, industries))
            result.actions[row.number] = "新增"
            continue
        if existing.status == TalentStatus.ARCHIVED or not existing.can_edit(user):
            result.unchanged += 1
            result.actions[row.number] = "已归档，跳过"
            continue
        changed = [f for f in UPDATE_FIELDS if getattr(existing, f) != getattr(talent, f)]
        new_industries = {i.pk for i in industries}
        industries_changed = {i.pk for i in existing.industries.all()} != new_industries
        if not changed and not industries_changed:
            result.unchanged += 1
            result.actions[row.number] = "无变化"
            continue
        for f in changed:
            setattr(existing, f, getattr(talent, f))
        updates.append((existing, new_industries if industries_changed else None))
        result.actions[row.number] = "更新"

    result.errors.sort(key=lambda e: (e.row or 0, HEADERS.index(e.column) if e.column in HEADERS else 99))
    result.created, result.updated = len(creates), len(updates)
    if result.errors or dry_run:
        return result
    _write(creates, updates, user)
    return result


@transaction.atomic
def _write(creates, updates, user):
    objs = []
    for talent, _ in creates:
        talent.created_by = user
        talent.status = TalentStatus.SCREENING
        talent.mark_verified()
        talent.search_text = talent.build_search_text()
        objs.append(talent)
    if objs:
        bulk_create_with_history(objs, Talent, batch_size=1000, default_user=user, default_change_reason="Excel 导入")
        if objs[0].pk is None:  # backends that do not return ids
            raise RuntimeError("bulk_create did not return primary keys")
        Through = Talent.industries.through
        Through.objects.bulk_create(
            [Through(talent_id=t.pk, industry_id=i.pk) for (t, industries) in creates for i in industries],
            batch_size=2000,
        )
        content_type = ContentType.objects.get_for_model(Talent)
        StatusChange.objects.bulk_create(
            [
                StatusChange(
                    content_type=content_type,
                    object_id=str(t.pk),
                    workflow=Talent.workflow.name,
                    from_state=TalentStatus.DRAFT,
                    to_state=TalentStatus.SCREENING,
                    actor=user,
                    comment="Excel 导入后提交甄别",
                )
                for t in objs
            ],
            batch_size=1000,
        )
    if updates:
        changed = []
        for talent, _ in updates:
            talent.mark_verified()
            talent.search_text = talent.build_search_text()
            changed.append(talent)
        bulk_update_with_history(
            changed,
            Talent,
            [
                *(f.removesuffix("_id") for f in UPDATE_FIELDS),
                "last_verified_on",
                "refresh_due_on",
                "is_refresh_due",
                "search_text",
            ],
            batch_size=500,
            default_user=user,
            default_change_reason="Excel 导入更新（重新核实）",
        )
        for talent, industry_ids in updates:
            if industry_ids is not None:
                talent.industries.set(industry_ids)


__all__ = ["HEADERS", "ImportFileError", "import_talents", "template_bytes"]
