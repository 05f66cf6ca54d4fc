"""The talent form: ONE set of rules for the web page, the API and every Excel row.

Coded fields accept a value, a code or the Chinese label (and common synonyms such as 教授 for
正高级), so an import row can be handed to the form as the liaison typed it.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import County, Industry
from accounts.validators import normalize_phone, validate_phone
from core.excel import parse_date, parse_year_month, split_multi
from core.forms import BootstrapFormMixin

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


def _choice_lookup(choices, synonyms=None) -> dict[str, str]:
    lookup = {}
    for value, label in choices:
        lookup[str(value)] = value
        lookup[str(value).lower()] = value
        lookup[str(label)] = value
    for value, words in (synonyms or {}).items():
        for word in words:
            lookup[word] = value
    return lookup


class LabelChoiceField(forms.ChoiceField):
    """A choice given as its value, its Chinese label or a synonym."""

    def __init__(self, *, synonyms=None, **kwargs):
        super().__init__(**kwargs)
        self.lookup = _choice_lookup(self.choices, synonyms)

    def to_python(self, value):
        value = super().to_python(value).strip()
        return self.lookup.get(value, value)


class LabelMultipleChoiceField(forms.MultipleChoiceField):
    """Several choices: a list, or text joined with 、 , ；."""

    def __init__(self, *, synonyms=None, **kwargs):
        super().__init__(**kwargs)
        self.lookup = _choice_lookup(self.choices, synonyms)

    def to_python(self, value):
        if isinstance(value, str):
            value = split_multi(value)
        values = super().to_python(value)
        result = []
        for v in values:
            v = self.lookup.get(v.strip(), v.strip())
            if v not in result:
                result.append(v)
        return result


def reference_lookups() -> dict[str, dict]:
    """pk / code / name → object for the coded foreign keys (built once per request or import)."""

    def index(queryset, short_suffixes=()):
        lookup = {}
        for obj in queryset:
            lookup[str(obj.pk)] = obj
            lookup[obj.code] = obj
            lookup[obj.code.lower()] = obj
            lookup[obj.name] = obj
            for suffix in short_suffixes:  # 沁阳 → 沁阳市, but never a bare 温 for 温县
                if obj.name.endswith(suffix) and len(obj.name) > len(suffix) + 1:
                    lookup.setdefault(obj.name[: -len(suffix)], obj)
        return lookup

    return {
        "native_county": index(County.objects.all(), ("市", "区")),
        "category": index(TalentCategory.objects.all()),
        "industries": index(Industry.objects.all()),
    }


def resolve(lookup: dict | None, value):
    """Exact id / code / name first; else the one name that contains, or is contained in,
    what was typed (焦作市温县 → 温县, 装备制造 → 高端装备制造). Ambiguous text is not guessed."""
    lookup = lookup or {}
    text = str(value).strip()
    if text in lookup:
        return lookup[text]
    if len(text) < 2:
        return None
    names = {obj.pk: obj for key, obj in lookup.items() if key == obj.name}
    hits = [obj for obj in names.values() if text in obj.name or obj.name in text]
    return hits[0] if len(hits) == 1 else None


class RefChoiceField(forms.ModelChoiceField):
    """A foreign key given as id, code or Chinese name; resolved from a preloaded lookup."""

    lookup: dict | None = None

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            return value
        obj = resolve(self.lookup, value)
        if obj is None:
            raise ValidationError(f"无法识别“{value}”，请从下拉列表中选择。", code="invalid_choice")
        return obj


class RefMultipleChoiceField(forms.ModelMultipleChoiceField):
    lookup: dict | None = None

    def clean(self, value):
        if isinstance(value, str):
            value = split_multi(value)
        value = [v for v in (value or []) if v not in self.empty_values]
        if not value:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        found, unknown = [], []
        for v in value:
            obj = v if isinstance(v, self.queryset.model) else resolve(self.lookup, v)
            if obj is None:
                unknown.append(str(v))
            elif obj not in found:
                found.append(obj)
        if unknown:
            raise ValidationError(f"无法识别：{'、'.join(unknown)}，请从下拉列表中选择。", code="invalid_choice")
        return found


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


class LenientDateField(forms.DateField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_date(value)
        except (ValueError, TypeError, OverflowError) as exc:
            raise ValidationError("日期格式无法识别，请填写如 2026-03-15。", code="invalid") from exc


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
    native_county = RefChoiceField(label="籍贯县区", queryset=County.objects.all(), required=False)
    category = RefChoiceField(label="人才类别", queryset=TalentCategory.objects.active())
    industries = RefMultipleChoiceField(
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
    consent_on = LenientDateField(
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
            self.fields[name].lookup = lookups[name]
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
        birth = data.get("birth")
        if birth:
            year, month = birth
            entry = self.entry_date or (
                timezone.localdate(self.instance.created_at) if self.instance.pk else timezone.localdate()
            )
            if (year, month) > (entry.year, entry.month):
                self.add_error("birth", "出生年月不能晚于录入日期。")
            elif age_on(year, month, entry) >= AGE_LIMIT and not data.get("age_exception"):
                self.add_error(
                    "birth",
                    f"按录入日期计算已满 {AGE_LIMIT} 周岁：入库年龄一般在 {AGE_LIMIT} 岁以下，"
                    "确属特别优秀或急需的，请勾选“年龄放宽”并填写理由。",
                )
        if data.get("age_exception") and not (data.get("age_exception_reason") or "").strip():
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
