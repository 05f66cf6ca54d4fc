"""What an Excel import of platforms needs, for the one import driver (core/importing.py).

This module only describes the import: headers ↔ form fields, the row form, the lookup key that
makes re-importing the same file create nothing twice, the template's choices and instructions,
and `save_row()`, which writes a validated row and moves its status through the workflow. It
reads no file and runs no loop: the driver does that, for every app alike.
"""

from django.db import transaction

from accounts.models import County, Industry
from core.workflow import transition

from .forms import PlatformImportForm
from .models import Platform, PlatformLevel, PlatformType
from .workflow import PlatformStatus

MODEL = Platform
FORM = PlatformImportForm
TITLE = "批量导入创新平台"
TEMPLATE_FILENAME = "创新平台导入模板.xlsx"

# header → row-form field
COLUMNS = {
    "平台名称": "name",
    "平台类型": "platform_type",
    "级别": "level",
    "依托单位": "host",
    "合作院所": "partners",
    "所在县区": "county",
    "所属产业": "industries",
    "认定日期": "recognised_on",
    "认定文号": "document_number",
    "状态": "status",
    "平台简介": "description",
}
REQUIRED = {"平台名称", "平台类型", "级别", "依托单位", "所在县区"}
# A platform is the same platform when its host and its name are the same.
LOOKUP_KEY = ("host", "name")

INSTRUCTIONS = [
    "创新平台批量导入模板",
    "1. 请在“数据”工作表填写，第 1 行表头不要修改；红色表头为必填。",
    "2. 平台类型、级别、所在县区、状态可从下拉列表选择；级别填“国家级 / 省级 / 市级”。",
    "3. 依托单位填写已在系统登记的企业或高校院所名称，也可填写其统一社会信用代码。",
    "4. 合作院所、所属产业可填多个，用顿号分隔，如“高端装备制造、新材料”。",
    "5. 状态不填为“筹建”；市科技局导入“已认定”的平台须填写认定文号，认定日期不填为导入当天。",
    "6. 同一依托单位、同一平台名称视为同一平台：重复导入不会新增，只更新有变化的内容。",
    "7. 请先预检，确认没有错误后再正式导入；有任何错误时整个文件都不会写入。",
]
EXAMPLE = [
    "焦作市高端液压装备工程技术研究中心",
    "工程技术研究中心",
    "市级",
    "焦作市示范机械制造有限公司",
    "中国科学院示范技术研究所",
    "温县",
    "高端装备制造",
    "2025-06-30",
    "焦科〔2025〕36号",
    "已认定",
    "围绕液压支架密封与可靠性开展技术研发与成果转化。",
]


def headers() -> list[str]:
    return list(COLUMNS)


def template_choices() -> dict[str, list[str]]:
    """Drop-down lists of the template, read from the reference data at download time."""
    return {
        "平台类型": list(PlatformType.objects.active().values_list("name", flat=True)),
        "级别": [label for _, label in PlatformLevel.choices],
        "所在县区": list(County.objects.active().values_list("name", flat=True)),
        "所属产业": list(Industry.objects.active().values_list("name", flat=True)),
        "状态": [label for _, label in PlatformStatus.choices],
    }


def find_existing(form_data: dict, *, host) -> Platform | None:
    """The platform a row describes, if already there (LOOKUP_KEY: host + name)."""
    name = str(form_data.get("name") or "").strip()
    if host is None or not name:
        return None
    return Platform.objects.filter(host=host, name=name).first()


def make_form(data: dict, *, user, instance: Platform | None = None) -> PlatformImportForm:
    return PlatformImportForm(data=data, instance=instance, user=user)


def save_row(form: PlatformImportForm, *, user) -> tuple[Platform, bool]:
    """Write one validated row; a status other than 筹建 is reached through the workflow, so
    the import leaves the same history as the pages. Returns (platform, created)."""
    created = form.instance.pk is None
    target = form.cleaned_data.get("status") or ""
    note = form.instance.m2m_change_note(
        partners=form.cleaned_data.get("partners"), industries=form.cleaned_data.get("industries")
    )
    with transaction.atomic():
        platform = form.save(commit=False)
        if created:
            platform.created_by = user
        platform._change_reason = f"Excel 导入（{note}）" if note else "Excel 导入"
        platform.save()
        form.save_m2m()
        if target and target != platform.status:
            data = {
                "document_number": form.cleaned_data.get("document_number") or "",
                "recognised_on": form.cleaned_data.get("recognised_on"),
            }
            if target == PlatformStatus.REVOKED:
                transition(platform, target, user, "Excel 导入：已撤销", data)
            else:
                transition(platform, target, user, "Excel 导入", data)
    return platform, created
