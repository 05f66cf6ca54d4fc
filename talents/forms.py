"""The talent form: ONE set of rules for the web page, the API and every Excel row.

Coded fields accept a value, a code or the Chinese label (and common synonyms such as 教授 for
正高级), so an import row can be handed to the form as the liaison typed it.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import County, Industry
from accounts.validators import normalize_phone, validate_phone
from core.excel import split_multi
from core.forms import BootstrapFormMixin
from core.importing import ImportSpec
from core.inputs import (
    DateInputField,
    LabelChoiceField,
    LabelMultipleChoiceField,
    ReferenceChoiceField,
    ReferenceIndex,
    ReferenceMultipleChoiceField,
    parse_year_month,
)

from .models import (
    AGE_LIMIT,
    MERGE_FIELDS,
    ConsentMethod,
    CooperationIntent,
    Degree,
    Gender,
    ProfessionalTitle,
    Talent,
    TalentCategory,
    TalentStatus,
    age_on,
)

# Fields a talent may correct through the signed self-service link.
CORRECTABLE_FIELDS = [
    "work_province",
    "work_city",
    "employer",
    "position",
    "title",
    "degree",
    "research_field",
    "honours",
    "phone",
    "email",
    "wechat",
]

TITLE_SYNONYMS = {
    ProfessionalTitle.SENIOR: [
        "正高",
        "教授",
        "研究员",
        "正高级工程师",
        "教授级高级工程师",
        "教授级高工",
        "主任医师",
        "正高级经济师",
        "正高级农艺师",
    ],
    ProfessionalTitle.ASSOCIATE: [
        "副高",
        "副教授",
        "副研究员",
        "高级工程师",
        "高工",
        "副主任医师",
        "高级经济师",
        "高级农艺师",
        "高级实验师",
    ],
    ProfessionalTitle.INTERMEDIATE: ["中级职称", "讲师", "助理研究员", "工程师", "主治医师", "经济师"],
    ProfessionalTitle.JUNIOR: ["初级职称", "助教", "研究实习员", "助理工程师", "技术员"],
    ProfessionalTitle.NONE: ["无职称", "暂无"],
}
DEGREE_SYNONYMS = {
    Degree.DOCTOR: ["博士研究生", "博士后", "博士学位"],
    Degree.MASTER: ["硕士研究生", "研究生", "硕士学位"],
    Degree.BACHELOR: ["大学本科", "学士", "本科学历"],
    Degree.COLLEGE: ["专科", "大学专科", "高职"],
    Degree.OTHER: ["中专", "高中", "其它"],
}
GENDER_SYNONYMS = {Gender.MALE: ["男性", "m", "M"], Gender.FEMALE: ["女性", "f", "F"]}
INTENT_SYNONYMS = {
    CooperationIntent.CONSULTING: ["咨询", "技术服务"],
    CooperationIntent.PROJECT: ["合作研发", "联合攻关"],
    CooperationIntent.STARTUP: ["创业", "返乡创业"],
    CooperationIntent.PART_TIME: ["兼职", "挂职"],
    CooperationIntent.TRANSFER: ["技术转移", "成果转让"],
    CooperationIntent.TRAINING: ["培养人才", "讲学"],
}


def reference_lookups() -> dict[str, ReferenceIndex]:
    """id / code / name → row for the coded foreign keys, loaded once per form or per import.

    Built from every row (not only the field's choices) so that a liaison typing another county
    gets the county rule's message, and text that names one row unambiguously is accepted."""
    return {
        "native_county": ReferenceIndex(County.objects.all(), guess=True, short_suffixes=("市", "区")),
        "category": ReferenceIndex(TalentCategory.objects.all(), guess=True),
        "industries": ReferenceIndex(Industry.objects.all(), guess=True),
    }


class YearMonthField(forms.Field):
    """出生年月: 1975-03, 1975.03, 1975年3月, 197503 or an Excel date."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_year_month(value)
        except ValueError as exc:
            raise ValidationError(
                "出生年月格式无法识别，请填写如 1975.03、1975年3月或 197503。", code="invalid"
            ) from exc

    def prepare_value(self, value):
        if isinstance(value, tuple):
            return f"{value[0]}-{value[1]:02d}"
        return value


_PROVINCE = re.compile(r"^(.+?(?:省|自治区|特别行政区))(.*)$")
_MUNICIPALITIES = ("北京", "上海", "天津", "重庆")


def split_work_place(text) -> tuple[str, str]:
    """'北京市海淀区' → ('北京市', '海淀区'); '河南省郑州市' → ('河南省', '郑州市'); '广东 深圳' → ('广东', '深圳')."""
    text = re.sub(r"\s+", " ", str(text or "")).strip()
    if not text:
        return "", ""
    for city in _MUNICIPALITIES:
        if text.startswith(city):
            rest = text[len(city) :].lstrip("市 /-")
            return f"{city}市", rest
    m = _PROVINCE.match(text)
    if m:
        return m.group(1), m.group(2).strip(" /-")
    parts = re.split(r"[ /\-、,，]+", text, maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


class TalentForm(BootstrapFormMixin, forms.ModelForm):
    """The talent record as the liaison or bureau enters it (web, API and Excel rows)."""

    birth = YearMonthField(
        label="出生年月", help_text="如 1975-03", widget=forms.TextInput(attrs={"placeholder": "1975-03"})
    )
    gender = LabelChoiceField(label="性别", choices=[("", "请选择")] + Gender.choices, synonyms=GENDER_SYNONYMS)
    native_county = ReferenceChoiceField(label="籍贯县区", queryset=County.objects.all(), required=False)
    category = ReferenceChoiceField(label="人才类别", queryset=TalentCategory.objects.active())
    industries = ReferenceMultipleChoiceField(
        label="所属产业", queryset=Industry.objects.active(), widget=forms.CheckboxSelectMultiple
    )
    title = LabelChoiceField(
        label="职称", choices=[("", "—")] + ProfessionalTitle.choices, synonyms=TITLE_SYNONYMS, required=False
    )
    degree = LabelChoiceField(
        label="学历", choices=[("", "—")] + Degree.choices, synonyms=DEGREE_SYNONYMS, required=False
    )
    keywords = forms.CharField(label="关键词", required=False, help_text="多个关键词用“、”分隔")
    cooperation_intents = LabelMultipleChoiceField(
        label="合作意向",
        choices=CooperationIntent.choices,
        synonyms=INTENT_SYNONYMS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    phone = forms.CharField(label="手机/电话", required=False, max_length=30)
    email = forms.CharField(label="邮箱", required=False, max_length=254)
    consent_on = DateInputField(
        label="同意联系日期", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    consent_method = LabelChoiceField(label="同意方式", choices=[("", "—")] + ConsentMethod.choices, required=False)

    class Meta:
        model = Talent
        fields = [
            "name",
            "gender",
            "birth",
            "native_county",
            "township",
            "work_province",
            "work_city",
            "employer",
            "position",
            "title",
            "degree",
            "research_field",
            "keywords",
            "industries",
            "category",
            "honours",
            "phone",
            "email",
            "wechat",
            "cooperation_intents",
            "consent_on",
            "consent_method",
            "age_exception",
            "age_exception_reason",
            "notes",
        ]
        widgets = {
            "honours": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "age_exception_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, lookups=None, entry_date=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.entry_date = entry_date
        lookups = lookups or reference_lookups()
        for name in ("native_county", "category", "industries"):
            self.fields[name].index = lookups[name]
        self.fields["native_county"].required = not self._liaison_only
        if self._liaison_only:
            self.fields["native_county"].queryset = County.objects.filter(pk=user.county_id)
            self.fields["native_county"].help_text = "联络员只能录入本县区籍贯的人才"
            if not self.instance.pk:
                self.initial.setdefault("native_county", user.county_id)
        if self.instance.pk:
            self.initial["birth"] = (self.instance.birth_year, self.instance.birth_month)
            self.initial["keywords"] = "、".join(self.instance.keywords or [])

    @property
    def _liaison_only(self) -> bool:
        return not self.user.is_bureau and self.user.is_liaison

    # ----------------------------------------------------------- field cleaning

    def clean_name(self):
        return re.sub(r"\s+", "", self.cleaned_data["name"])  # 王 建国 → 王建国

    def clean_native_county(self):
        county = self.cleaned_data.get("native_county")
        if self._liaison_only:
            own = self.user.county
            if county is None:
                return own
            if county.pk != own.pk:
                raise ValidationError(
                    f"您只能录入本县区（{own.name}）籍贯的人才；籍贯为{county.name}的人才请由{county.name}联络员录入。"
                )
        return county

    def clean_keywords(self):
        return split_multi(self.cleaned_data.get("keywords"))

    def clean_phone(self):
        phone = normalize_phone(str(self.cleaned_data.get("phone") or ""))
        if phone:
            validate_phone(phone)
        return phone

    def clean_email(self):
        email = str(self.cleaned_data.get("email") or "").strip().lower()
        if email:
            forms.EmailField().clean(email)
        return email

    def clean(self):
        data = super().clean()
        # An Excel row has no age-exception columns: a record's recorded exception still holds.
        exception = data.get("age_exception", self.instance.age_exception)
        birth = data.get("birth")
        if birth:
            year, month = birth
            entry = self.entry_date or (
                timezone.localdate(self.instance.created_at) if self.instance.pk else timezone.localdate()
            )
            if (year, month) > (entry.year, entry.month):
                self.add_error("birth", "出生年月不能晚于录入日期。")
            elif age_on(year, month, entry) >= AGE_LIMIT and not exception:
                self.add_error(
                    "birth",
                    f"按录入日期计算已满 {AGE_LIMIT} 周岁：入库年龄一般在 {AGE_LIMIT} 岁以下，"
                    "确属特别优秀或急需的，请勾选“年龄放宽”并填写理由。",
                )
        if exception and "age_exception" in data and not (data.get("age_exception_reason") or "").strip():
            self.add_error("age_exception_reason", "勾选年龄放宽时必须填写理由。")
        if data.get("consent_on") and not data.get("consent_method"):
            self.add_error("consent_method", "请注明取得联系同意的方式。")
        return data

    def _post_clean(self):
        birth = self.cleaned_data.get("birth")
        if birth:
            self.instance.birth_year, self.instance.birth_month = birth
        super()._post_clean()

    def _get_validation_exclusions(self):
        # The coded fields are resolved from the lookups above (existence already checked),
        # and the birth-month constraint is checked by YearMonthField: no query per row.
        exclude = super()._get_validation_exclusions()
        exclude.update({"native_county", "category", "birth_month", "birth_year"})
        return exclude


class MergeForm(BootstrapFormMixin, forms.Form):
    """Bureau's merge: for each differing field, keep the survivor's value or take the other's."""

    def __init__(self, *args, survivor, other, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for field in MERGE_FIELDS:
            mine, theirs = _display(survivor, field), _display(other, field)
            if mine == theirs:
                continue
            initial = "other" if mine in ("", "—") and theirs not in ("", "—") else "survivor"
            self.fields[field] = forms.ChoiceField(
                choices=[("survivor", mine or "（空）"), ("other", theirs or "（空）")],
                initial=initial,
                widget=forms.RadioSelect,
                label=Talent._meta.get_field(field).verbose_name,
            )
            self.rows.append(field)


def _display(talent, field):
    f = Talent._meta.get_field(field)
    if f.choices:
        return getattr(talent, f"get_{field}_display")()
    value = getattr(talent, field)
    return "" if value in (None, "") else str(value)


class CorrectionForm(BootstrapFormMixin, forms.ModelForm):
    """What a talent may correct about themselves through the signed link."""

    phone = forms.CharField(label="手机/电话", required=False, max_length=30)
    message = forms.CharField(label="留言", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Talent
        fields = CORRECTABLE_FIELDS

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data.get("phone") or "")
        if phone:
            validate_phone(phone)
        return phone

    def proposed_changes(self) -> dict:
        original = Talent.objects.get(pk=self.instance.pk)
        return {
            f: self.cleaned_data[f]
            for f in CORRECTABLE_FIELDS
            if f in self.cleaned_data and self.cleaned_data[f] != getattr(original, f)
        }


# --------------------------------------------------------------------------- Excel import


class TalentImport(ImportSpec):
    """The talent entry template and its import (core.importing does the rest).

    A row is the same person as a stored record of the same native county with the same phone,
    else the same name + birth year-month. A match in another county is not overwritten: the new
    record goes to the bureau's screening queue. New records are submitted for screening through
    the workflow, as a web form does; rows are written in bulk (5,000-row files)."""

    model = Talent
    form_class = TalentForm
    columns = {
        "姓名": "name",
        "性别": "gender",
        "出生年月": "birth",
        "籍贯县区": "native_county",
        "工作省市": "work_province",
        "工作单位": "employer",
        "职务": "position",
        "职称": "title",
        "学历": "degree",
        "研究领域": "research_field",
        "所属产业": "industries",
        "人才类别": "category",
        "手机": "phone",
        "邮箱": "email",
        "合作意向": "cooperation_intents",
        "备注": "notes",
    }
    required = {"姓名", "性别", "出生年月", "籍贯县区", "工作省市", "工作单位", "所属产业", "人才类别"}
    field_columns = {"work_city": "工作省市", "keywords": "研究领域", "age_exception_reason": "出生年月"}
    locked_action = "已归档，跳过"
    share_fields = True  # TalentForm's fields depend on the user only: set up once per import
    update_fields = (  # one validation per row (5,000-row files): what a row may change
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
    )
    template_filename = "人才信息采集模板.xlsx"
    empty_message = "文件中没有数据行：请从第 2 行起填写人才信息。"

    @property
    def required_headers(self) -> list[str]:
        return self.headers

    def _counties(self, user) -> list[str]:
        if user is not None and not user.is_bureau and user.is_liaison and user.county:
            return [user.county.name]
        return list(County.objects.active().values_list("name", flat=True))

    def template_instructions(self, user) -> list[str]:
        return [
            "焦作籍科技人才信息采集表（填写说明）",
            "1. 请在“数据”工作表中从第 2 行起逐行填写，每行一人；不要修改、删除或调换第 1 行表头。",
            "2. 红色表头为必填项：" + "、".join(h for h in self.headers if h in self.required) + "。",
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

    def choices(self, user) -> dict[str, list[str]]:
        return {
            "性别": [label for _, label in Gender.choices],
            "籍贯县区": self._counties(user),
            "职称": [label for _, label in ProfessionalTitle.choices],
            "学历": [label for _, label in Degree.choices],
            "所属产业": list(Industry.objects.active().values_list("name", flat=True)),
            "人才类别": list(TalentCategory.objects.active().values_list("name", flat=True)),
            "合作意向": [label for _, label in CooperationIntent.choices],
        }

    def template_example(self, user) -> list:
        counties = self._counties(user)
        return [
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

    # ---------------------------------------------------------------- rows

    def start(self, user, **options) -> dict:
        return {"lookups": reference_lookups()}

    def form_kwargs(self, row, user, context) -> dict:
        return {"user": user, "lookups": context["lookups"]}

    def row_data(self, values, context) -> dict:
        data = super().row_data(values, context)
        data["work_province"], data["work_city"] = split_work_place(values.get("工作省市"))
        research = str(values.get("研究领域") or "")
        parts = [p for p in research.replace("，", "、").replace(",", "、").split("、") if p.strip()]
        data["research_field"] = research
        data["keywords"] = "、".join(parts) if len(parts) > 1 else ""
        return data

    @staticmethod
    def _natural_key(t: Talent) -> tuple:
        return (t.name, t.birth_year, t.birth_month, t.native_county_id)

    def key(self, obj) -> tuple:
        return ("phone", obj.phone) if obj.phone else ("key", *self._natural_key(obj))

    def duplicate_problem(self, obj, first_row):
        return ("手机" if obj.phone else "姓名"), f"与第 {first_row} 行是同一人（{obj.name}），请删除重复行。"

    def find_existing(self, user, objs, context) -> list:
        """Records the user may see, by (county, phone) and by name + birth + county."""
        phones = sorted({t.phone for t in objs if t.phone})
        names = sorted({t.name for t in objs})
        by_phone, by_key = {}, {}
        base = Talent.objects.visible_to(user).prefetch_related("industries").order_by("pk")
        for start in range(0, max(len(phones), len(names)), 500):
            query = Q(phone__in=phones[start : start + 500]) | Q(name__in=names[start : start + 500])
            for t in base.filter(query):
                if t.phone:
                    by_phone.setdefault((t.native_county_id, t.phone), t)
                by_key.setdefault(self._natural_key(t), t)
        return [
            (by_phone.get((t.native_county_id, t.phone)) if t.phone else None) or by_key.get(self._natural_key(t))
            for t in objs
        ]

    def next_state(self, obj, user, *, created, context):
        return (TalentStatus.SCREENING, "Excel 导入后提交甄别") if created else None

    def write(self, entries, user, context) -> None:
        """Bulk inserts and updates with history (the workflow step follows in bulk too)."""
        creates = [e for e in entries if e.created]
        updates = [e for e in entries if not e.created]
        if creates:
            objs = []
            for entry in creates:
                talent = entry.obj
                talent.created_by = user
                talent.status = TalentStatus.DRAFT
                talent.mark_verified()
                talent.search_text = talent.build_search_text()
                objs.append(talent)
            bulk_create_with_history(
                objs, Talent, batch_size=1000, default_user=user, default_change_reason="新建（Excel 导入）"
            )
            if objs[0].pk is None:  # backends that do not return ids
                raise RuntimeError("bulk_create did not return primary keys")
            through = Talent.industries.through
            through.objects.bulk_create(
                [
                    through(talent_id=e.obj.pk, industry_id=industry.pk)
                    for e in creates
                    for industry in e.form.cleaned_data["industries"]
                ],
                batch_size=2000,
            )
        if updates:
            names = {f.attname: f.name for f in Talent._meta.concrete_fields}
            fields = {"last_verified_on", "refresh_due_on", "is_refresh_due", "search_text"}
            for entry in updates:
                entry.obj.mark_verified()
                entry.obj.search_text = entry.obj.build_search_text()
                fields.update(names[a] for a in entry.changed)
            bulk_update_with_history(
                [e.obj for e in updates],
                Talent,
                sorted(fields),
                batch_size=500,
                default_user=user,
                default_change_reason="Excel 导入更新（重新核实）",
            )
            for entry in updates:
                if "industries" in entry.m2m_changed:
                    entry.obj.industries.set(entry.form.cleaned_data["industries"])


HEADERS = list(TalentImport.columns)  # the entry template's columns, in order (the export starts with them)
