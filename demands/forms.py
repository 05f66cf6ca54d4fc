from django import forms
from django.utils import timezone

from accounts.models import County, Industry, Organisation
from accounts.validators import normalize_phone
from core.fields import KeywordsField
from core.forms import BootstrapFormMixin
from core.importing import UnitRecordImportSpec
from core.inputs import (
    DateInputField,
    DecimalInputField,
    LabelChoiceField,
    LabelMultipleChoiceField,
    ReferenceChoiceField,
)

from .models import CooperationMode, Demand, DemandKind, default_valid_until


class DemandForm(BootstrapFormMixin, forms.ModelForm):
    """The one set of rules for a demand: the page, the Excel import and the API admin all use it."""

    kind = LabelChoiceField(label="需求类型", choices=DemandKind.choices)
    industry = ReferenceChoiceField(label="所属产业", queryset=Industry.objects.active())
    county = ReferenceChoiceField(
        label="所在县区", queryset=County.objects.active(), required=False, help_text="不填则为需求单位所在县区"
    )
    keywords = KeywordsField(label="关键词", required=False)
    cooperation_modes = LabelMultipleChoiceField(
        label="合作方式", choices=CooperationMode.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    owner = forms.ModelChoiceField(
        label="需求单位",
        queryset=Organisation.objects.enterprises(),
        required=False,
        help_text="市科技局代企业录入时选择；企业用户自动为本单位",
    )

    class Meta:
        model = Demand
        fields = [
            "title",
            "kind",
            "industry",
            "technical_field",
            "description",
            "problem",
            "basis",
            "indicators",
            "keywords",
            "budget_min",
            "budget_max",
            "cooperation_modes",
            "valid_until",
            "owner",
            "county",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "problem": forms.Textarea(attrs={"rows": 3}),
            "basis": forms.Textarea(attrs={"rows": 3}),
            "indicators": forms.Textarea(attrs={"rows": 2}),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        field_classes = {
            "valid_until": DateInputField,
            "budget_min": DecimalInputField,
            "budget_max": DecimalInputField,
        }

    def __init__(self, *args, user, owner=None, **kwargs):
        self.user = user
        self.fixed_owner = owner  # the import resolves the unit itself (it may be new)
        super().__init__(*args, **kwargs)
        self.fields["valid_until"].required = False
        self.fields["contact_name"].required = True
        self.fields["contact_phone"].required = True
        if owner is not None:
            del self.fields["owner"]
        elif not user.is_bureau:
            del self.fields["owner"]
            org = user.organisation
            if not self.instance.pk and org is not None and not self.is_bound:
                self.initial.setdefault("contact_name", org.contact_name)
                self.initial.setdefault("contact_phone", org.contact_phone)
                self.initial.setdefault("contact_email", org.contact_email)
        elif self.instance.pk:
            self.fields["owner"].initial = self.instance.owner_id

    def clean_contact_phone(self):
        return normalize_phone(self.cleaned_data.get("contact_phone") or "")

    def clean_owner(self):
        owner = self.cleaned_data.get("owner")
        if owner is None and self.instance.pk:
            return self.instance.owner
        if (
            owner is None
            and self.user.organisation is not None
            and self.user.organisation.kind == Organisation.Kind.ENTERPRISE
        ):
            return self.user.organisation
        if owner is None:
            raise forms.ValidationError("请选择需求单位。")
        return owner

    def clean_valid_until(self):
        value = self.cleaned_data.get("valid_until")
        if value is None:
            return self.instance.valid_until if self.instance.pk else default_valid_until()
        changed = not self.instance.pk or value != self.instance.valid_until
        if value and changed and value < timezone.localdate():
            raise forms.ValidationError("有效期不能早于今天。")
        return value

    def clean(self):
        data = super().clean()
        low, high = data.get("budget_min"), data.get("budget_max")
        if low is not None and low < 0:
            self.add_error("budget_min", "预算不能为负数。")
        if high is not None and high < 0:
            self.add_error("budget_max", "预算不能为负数。")
        if low is not None and high is not None and low > high:
            self.add_error("budget_max", "预算上限不能低于下限。")
        return data

    def save(self, commit=True):
        demand = super().save(commit=False)
        if self.fixed_owner is not None:
            demand.owner = self.fixed_owner
        elif "owner" in self.fields:
            demand.owner = self.cleaned_data["owner"]
        elif not demand.owner_id:
            demand.owner = self.user.organisation
        if not self.cleaned_data.get("county"):
            demand.county = demand.owner.county
        if not demand.pk:
            demand.created_by = self.user
        if commit:
            demand.save()
        return demand


class DemandImport(UnitRecordImportSpec):
    """Bulk import of demands (core.importing): an enterprise imports its own, the bureau any
    enterprise's (creating units it does not know yet) and may publish them at once."""

    model = Demand
    form_class = DemandForm
    columns = {
        "需求名称": "title",
        "需求类型": "kind",
        "所属产业": "industry",
        "技术领域": "technical_field",
        "需求描述": "description",
        "要解决的问题": "problem",
        "现有基础": "basis",
        "关键指标": "indicators",
        "关键词": "keywords",
        "预算下限（万元）": "budget_min",
        "预算上限（万元）": "budget_max",
        "合作方式": "cooperation_modes",
        "有效期至": "valid_until",
        "所在县区": "county",
        "联系人": "contact_name",
        "联系电话": "contact_phone",
        "联系邮箱": "contact_email",
    }
    required = {"需求名称", "需求类型", "所属产业", "需求描述", "联系人", "联系电话"}
    unit_header = "需求单位"
    unit_kind = Organisation.Kind.ENTERPRISE
    uscc_header = "统一社会信用代码"
    template_filename = "企业需求导入模板.xlsx"
    instructions = [
        "企业需求批量导入模板",
        "1. 请在“数据”工作表填写，第 1 行表头不要修改；红色表头为必填。",
        "2. 需求类型：技术需求 / 人才需求 / 资金需求 / 其他；所属产业、所在县区从下拉列表选择。",
        "3. 合作方式可填多个，用顿号分隔，如“委托研发、合作研究”。关键词多个用顿号分隔，最多 10 个。",
        "4. 预算单位为万元，可只填上限或下限；不填为面议。有效期至格式如 2026-12-31，不填默认一年。",
        "5. 市科技局导入时须填写“需求单位”；系统中尚未登记的企业，请同时填写统一社会信用代码，系统将自动建档。",
        "6. 企业用户导入时“需求单位”可留空，默认为本单位。",
        "7. 同一单位、同一需求名称视为同一条需求：重复导入不会新增，只会更新有变化的草稿。",
        "8. 请先勾选“仅预检”上传，确认没有错误后再正式导入；有任何错误时整个文件都不会写入。",
    ]
    example = [
        "液压系统密封件泄漏治理",
        "技术需求",
        "高端装备制造",
        "液压密封",
        "公司生产的液压支架在井下使用半年后密封件老化漏油，需要耐高压、耐磨损的密封方案。",
        "液压设备老是漏油，返修率高",
        "已有液压缸生产线和检测台",
        "工作压力 40MPa 下连续运行 2000 小时无泄漏",
        "液压、密封、漏油",
        20,
        50,
        "委托研发、技术转让",
        "2026-12-31",
        "武陟县",
        "王工",
        "13903910001",
        "",
        "焦作市示范机械制造有限公司",
        "",
    ]

    def choices(self, user):
        return {
            "需求类型": [label for _, label in DemandKind.choices],
            "所属产业": list(Industry.objects.active().values_list("name", flat=True)),
            "所在县区": list(County.objects.active().values_list("name", flat=True)),
            "合作方式": [label for _, label in CooperationMode.choices],
        }
