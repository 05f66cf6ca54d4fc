"""The Excel import of platforms, as a spec for the one import driver (core/importing.py).

`PlatformImport` only describes the import: headers ↔ row-form fields, the lookup key that
makes re-importing the same file create nothing twice, the template's choices and instructions,
who may update a stored platform and the workflow step a row asks for (its 状态 column), which
the driver takes through core.workflow. It reads no file and runs no loop. Served by the import
page (/platforms/import/) and `POST /api/v1/platforms/import/` (dry_run).
"""

from accounts.models import County, Industry
from core.importing import ImportSpec

from .forms import PlatformImportForm
from .models import Platform, PlatformLevel, PlatformType
from .workflow import PlatformStatus


class PlatformImport(ImportSpec):
    model = Platform
    form_class = PlatformImportForm  # takes user=; looks up type, level, host, county, partners, industries
    columns = {  # template header → row-form field, in template order
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
    required = {"平台名称", "平台类型", "级别", "依托单位", "所在县区"}
    # A platform is the same platform when its host and its name are the same.
    key_fields = ("host_id", "name")
    key_column = "平台名称"
    state_column = "状态"
    title = "批量导入创新平台"
    template_filename = "创新平台导入模板.xlsx"
    instructions = [
        "创新平台批量导入模板",
        "1. 请在“数据”工作表填写，第 1 行表头不要修改；红色表头为必填。",
        "2. 平台类型、级别、所在县区、状态可从下拉列表选择；级别填“国家级 / 省级 / 市级”。",
        "3. 依托单位填写已在系统登记的企业或高校院所名称，也可填写其统一社会信用代码。",
        "4. 合作院所、所属产业可填多个，用顿号分隔，如“高端装备制造、新材料”。",
        "5. 状态不填为“筹建”；市科技局导入“已认定”的平台须填写认定文号，认定日期不填为导入当天。",
        "6. 同一依托单位、同一平台名称视为同一平台：重复导入不会新增，只更新有变化的内容。",
        "7. 请先预检，确认没有错误后再正式导入；有任何错误时整个文件都不会写入。",
    ]
    example = [
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

    def choices(self, user) -> dict[str, list[str]]:
        """Drop-down lists of the template, read from the reference data at download time."""
        return {
            "平台类型": list(PlatformType.objects.active().values_list("name", flat=True)),
            "级别": [label for _, label in PlatformLevel.choices],
            "所在县区": list(County.objects.active().values_list("name", flat=True)),
            "所属产业": list(Industry.objects.active().values_list("name", flat=True)),
            "状态": [label for _, label in PlatformStatus.choices],
        }

    def prepare(self, obj, user, *, created: bool, context: dict) -> None:
        if created:
            obj.created_by = user

    def next_state(self, obj, user, *, created: bool, context: dict) -> tuple[str, str] | None:
        """The row's 状态 (bureau only, checked by the row form), reached through the workflow:
        认定 takes the row's 认定文号 and 认定日期 from the record itself."""
        target = getattr(obj, "import_status", "")
        if not target or target == obj.status:
            return None
        return target, "Excel 导入"
