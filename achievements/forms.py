from django import forms

from accounts.models import County, Industry, Organisation
from accounts.validators import normalize_phone
from core.fields import KeywordsField
from core.forms import BootstrapFormMixin
from core.importing import UnitRecordImportSpec
from core.inputs import DecimalInputField, LabelChoiceField, LabelMultipleChoiceField, ReferenceChoiceField
from core.uploads import check_upload

from .models import Achievement, IPKind, Maturity, Source, TechnicalLevel, TransferMode

ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
ATTACHMENT_TYPES = frozenset({"pdf", "docx", "xlsx", "pptx", "jpg", "png", "zip"})


class AchievementForm(BootstrapFormMixin, forms.ModelForm):
    """The one set of rules for an achievement: the page and the Excel import use it."""

    industry = ReferenceChoiceField(label="所属产业", queryset=Industry.objects.active())
    county = ReferenceChoiceField(label="拟落地县区", queryset=County.objects.active(), required=False)
    maturity = LabelChoiceField(label="成熟度", choices=Maturity.choices)
    technical_level = LabelChoiceField(label="技术水平", choices=[("", "—"), *TechnicalLevel.choices], required=False)
    keywords = KeywordsField(label="关键词", required=False)
    ip_kinds = LabelMultipleChoiceField(
        label="知识产权类型", choices=IPKind.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    transfer_modes = LabelMultipleChoiceField(
        label="转化方式", choices=TransferMode.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    owner = forms.ModelChoiceField(
        label="成果持有单位",
        queryset=Organisation.objects.institutes(),
        required=False,
        help_text="市科技局代为录入（征集）时选择；院所用户自动为本单位",
    )

    class Meta:
        model = Achievement
        fields = [
            "title",
            "industry",
            "technical_field",
            "summary",
            "application",
            "team_lead",
            "owner",
            "keywords",
            "maturity",
            "technical_level",
            "ip_kinds",
            "ip_numbers",
            "transfer_modes",
            "reference_price",
            "county",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "application": forms.Textarea(attrs={"rows": 3}),
            "ip_numbers": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"reference_price": DecimalInputField}

    def __init__(self, *args, user, owner=None, **kwargs):
        self.user = user
        self.fixed_owner = owner
        super().__init__(*args, **kwargs)
        if owner is not None or not user.is_bureau:
            del self.fields["owner"]
        elif self.instance.pk:
            self.fields["owner"].initial = self.instance.owner_id

    def clean_contact_phone(self):
        return normalize_phone(self.cleaned_data.get("contact_phone") or "")

    def clean_reference_price(self):
        price = self.cleaned_data.get("reference_price")
        if price is not None and price < 0:
            raise forms.ValidationError("参考价格不能为负数；面议请留空。")
        return price

    def clean_owner(self):
        owner = self.cleaned_data.get("owner")
        if owner is None and self.instance.pk:
            return self.instance.owner
        if owner is None:
            raise forms.ValidationError("请选择成果持有单位。")
        return owner

    def clean(self):
        data = super().clean()
        if data.get("ip_numbers") and not data.get("ip_kinds"):
            self.add_error("ip_kinds", "填写了知识产权号，请选择知识产权类型。")
        return data

    def save(self, commit=True):
        achievement = super().save(commit=False)
        if self.fixed_owner is not None:
            achievement.owner = self.fixed_owner
        elif "owner" in self.fields:
            achievement.owner = self.cleaned_data["owner"]
        elif not achievement.owner_id:
            achievement.owner = self.user.organisation
        if not achievement.pk:
            achievement.created_by = self.user
            is_own = self.user.organisation_id and self.user.organisation_id == achievement.owner_id
            achievement.source = Source.BUREAU if self.user.is_bureau and not is_own else Source.INSTITUTE
        if commit:
            achievement.save()
        return achievement


class AttachmentForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label="附件", help_text="PDF、Word、Excel、PPT、图片或 ZIP，单个不超过 20 MB")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(
            upload,
            allowed=ATTACHMENT_TYPES,
            allowed_text="PDF、Word、Excel、PPT、图片或 ZIP 文件",
            label="附件",
            max_bytes=ATTACHMENT_MAX_BYTES,
            name_must_match=True,
        )
        return upload


class AchievementImport(UnitRecordImportSpec):
    """Bulk import of achievements (core.importing): an institute imports its own, the bureau
    collects any institute's (creating units it does not know yet) and may publish them at once."""

    model = Achievement
    form_class = AchievementForm
    columns = {
        "成果名称": "title",
        "所属产业": "industry",
        "技术领域": "technical_field",
        "成果简介": "summary",
        "应用领域与前景": "application",
        "团队负责人": "team_lead",
        "关键词": "keywords",
        "成熟度": "maturity",
        "技术水平": "technical_level",
        "知识产权类型": "ip_kinds",
        "知识产权号": "ip_numbers",
        "转化方式": "transfer_modes",
        "参考价格（万元）": "reference_price",
        "拟落地县区": "county",
        "联系人": "contact_name",
        "联系电话": "contact_phone",
        "联系邮箱": "contact_email",
    }
    required = {"成果名称", "所属产业", "成果简介", "成熟度"}
    unit_header = "成果持有单位"
    unit_kind = Organisation.Kind.INSTITUTE
    institute_kind_header = "院所类别"
    template_filename = "科技成果导入模板.xlsx"
    instructions = [
        "科技成果批量导入模板",
        "1. 请在“数据”工作表填写，第 1 行表头不要修改；红色表头为必填。",
        "2. 成熟度：正在研发 / 已有样品 / 通过小试 / 通过中试 / 可以量产。",
        "3. 知识产权类型、转化方式可填多个，用顿号分隔；知识产权号多个用顿号或换行分隔。",
        "4. 参考价格单位为万元，不填为面议。",
        "5. 市科技局导入时须填写“成果持有单位”；系统中尚未登记的院所将自动建档，可同时填写“院所类别”。",
        "6. 同一单位、同一成果名称视为同一项成果：重复导入不会新增，只会更新有变化的草稿。",
        "7. 请先勾选“仅预检”上传，确认没有错误后再正式导入；有任何错误时整个文件都不会写入。",
    ]
    example = [
        "高性能氟橡胶密封材料",
        "新材料",
        "高分子材料",
        "耐高温、耐油、耐高压的氟橡胶密封件配方与成型工艺，可在 250℃、40MPa 工况下长期使用。",
        "液压支架、工程机械、汽车发动机密封",
        "张研究员",
        "氟橡胶、密封、耐高压",
        "通过中试",
        "国内领先",
        "发明专利",
        "ZL202110000001.X",
        "独占许可、合作开发",
        80,
        "",
        "李老师",
        "13800000001",
        "",
        "中国科学院示范技术研究所",
        "中科院院所",
    ]

    def choices(self, user):
        return {
            "所属产业": list(Industry.objects.active().values_list("name", flat=True)),
            "成熟度": [label for _, label in Maturity.choices],
            "技术水平": [label for _, label in TechnicalLevel.choices],
            "知识产权类型": [label for _, label in IPKind.choices],
            "转化方式": [label for _, label in TransferMode.choices],
            "拟落地县区": list(County.objects.active().values_list("name", flat=True)),
            "院所类别": [label for _, label in Organisation.InstituteKind.choices],
        }
