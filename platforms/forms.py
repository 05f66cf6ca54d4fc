"""Page forms (platform, evaluation, instrument) and the import row form.

The import row form validates one Excel row with the page form's rules, reading what people
type: a type by its Chinese name, a level by label or code, the host by name or 统一社会信用代码,
the county by name.
"""

from django import forms
from django.core.exceptions import ValidationError

from accounts.models import County, Industry, Organisation
from accounts.validators import normalize_uscc
from core.excel import split_multi
from core.forms import BootstrapFormMixin
from core.inputs import DateInputField, LabelChoiceField, ReferenceChoiceField, ReferenceMultipleChoiceField

from .models import Platform, PlatformEvaluation, PlatformLevel, PlatformType, SharedInstrument
from .workflow import PlatformStatus


class PlatformForm(BootstrapFormMixin, forms.ModelForm):
    """Hosts propose and edit their own platform; the bureau any, with the recognition facts."""

    class Meta:
        model = Platform
        fields = [
            "name",
            "platform_type",
            "level",
            "host",
            "partners",
            "county",
            "industries",
            "recognised_on",
            "document_number",
            "description",
        ]
        widgets = {
            "industries": forms.CheckboxSelectMultiple,
            "partners": forms.SelectMultiple(attrs={"size": 6}),
            "recognised_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"partners": "按住 Ctrl 可多选", "level": "拟申报或已认定的级别"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        fields = self.fields
        fields["platform_type"].queryset = PlatformType.objects.active()
        fields["industries"].queryset = Industry.objects.active()
        fields["county"].queryset = County.objects.active()
        fields["partners"].queryset = Organisation.objects.institutes().order_by("name")
        if user.is_bureau:
            fields["host"].queryset = Organisation.objects.filter(
                kind__in=[Organisation.Kind.ENTERPRISE, Organisation.Kind.INSTITUTE]
            ).order_by("name")
        else:
            del fields["host"], fields["recognised_on"], fields["document_number"]
            if self.instance.pk and self.instance.status != PlatformStatus.PLANNING:
                # Once recognised, what was recognised is the bureau's to change.
                for name in ("platform_type", "level"):
                    fields[name].disabled = True
                    fields[name].help_text = "已认定平台的类型和级别由市科技局修改。"
            if not self.instance.pk and user.organisation and user.organisation.county_id:
                fields["county"].initial = user.organisation.county_id

    def save(self, commit=True):
        note = self.instance.m2m_change_note(
            partners=self.cleaned_data.get("partners"), industries=self.cleaned_data.get("industries")
        )
        obj = super().save(commit=False)
        if not self.user.is_bureau and not obj.host_id:
            obj.host = self.user.organisation
        if not obj.pk:
            obj.created_by = self.user
        reason = "修改创新平台" if obj.pk else "新建创新平台"
        obj._change_reason = f"{reason}（{note}）" if note else reason
        if commit:
            obj.save()
            self.save_m2m()
        return obj

    def clean(self):
        cleaned = super().clean()
        host = cleaned.get("host") if self.user.is_bureau else self.user.organisation
        name = cleaned.get("name")
        if host is not None and name:
            clash = Platform.objects.filter(host=host, name=name).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("name", "该依托单位已有同名平台。")
        partners = cleaned.get("partners")
        if host is not None and partners and host in partners:
            self.add_error("partners", "合作院所不能是依托单位本身。")
        return cleaned


class EvaluationForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = PlatformEvaluation
        fields = ["year", "result", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, platform, **kwargs):
        super().__init__(*args, **kwargs)
        self.platform = platform

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise ValidationError("请填写 2000–2100 之间的年度。")
        clash = PlatformEvaluation.objects.filter(platform=self.platform, year=year).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(f"{year} 年度的评估结果已录入，请修改原记录。")
        return year


class InstrumentForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = SharedInstrument
        fields = ["name", "model", "original_value", "services", "booking_contact", "booking_phone"]
        widgets = {"services": forms.Textarea(attrs={"rows": 3})}

    def clean_original_value(self):
        value = self.cleaned_data["original_value"]
        if value is not None and value <= 0:
            raise ValidationError("原值须大于零（单位：元）。")
        return value


# --------------------------------------------------------------------------- import row


class _UnitsByNameField(forms.ModelMultipleChoiceField):
    """Several units typed by name: '中国科学院示范技术研究所、焦作示范理工学院'."""

    def __init__(self, queryset, *, what: str, **kwargs):
        self.what = what
        super().__init__(queryset, **kwargs)

    def clean(self, value):
        if isinstance(value, str):
            value = split_multi(value)
        names = [str(v).strip() for v in value or [] if str(v).strip()]
        found = {o.name: o for o in self.queryset.filter(name__in=names)}
        unknown = [n for n in names if n not in found]
        if unknown:
            raise ValidationError("“" + "、".join(unknown) + f"”不是有效的{self.what}。", code="invalid_choice")
        if self.required and not found:
            raise ValidationError(self.error_messages["required"], code="required")
        return [found[n] for n in dict.fromkeys(names)]


class _HostField(forms.ModelChoiceField):
    """The host unit by its name or its 统一社会信用代码."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Organisation):
            return value
        text = str(value).strip()
        found = self.queryset.filter(name=text).first() or self.queryset.filter(uscc=normalize_uscc(text)).first()
        if found is None:
            raise ValidationError(
                f"找不到依托单位“{text}”：请填写已在系统登记的单位名称或统一社会信用代码。", code="invalid_choice"
            )
        return found


class PlatformImportForm(forms.ModelForm):
    """One Excel row of the bureau's (or a host's) platform list, as a platform."""

    platform_type = ReferenceChoiceField(PlatformType.objects.all(), label="平台类型")
    level = LabelChoiceField(choices=PlatformLevel.choices, label="级别")
    host = _HostField(
        Organisation.objects.filter(kind__in=[Organisation.Kind.ENTERPRISE, Organisation.Kind.INSTITUTE]),
        label="依托单位",
    )
    partners = _UnitsByNameField(Organisation.objects.institutes(), what="合作院所", required=False, label="合作院所")
    county = ReferenceChoiceField(County.objects.all(), guess=True, short_suffixes=("市", "区"), label="所在县区")
    industries = ReferenceMultipleChoiceField(Industry.objects.all(), required=False, label="所属产业")
    recognised_on = DateInputField(required=False, label="认定日期")
    status = LabelChoiceField(choices=PlatformStatus.choices, required=False, label="状态")

    class Meta:
        model = Platform
        fields = [
            "name",
            "platform_type",
            "level",
            "host",
            "partners",
            "county",
            "industries",
            "recognised_on",
            "document_number",
            "description",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_host(self):
        host = self.cleaned_data.get("host")
        if host is not None and not self.user.is_bureau and host.pk != self.user.organisation_id:
            raise ValidationError(f"只能导入本单位（{self.user.organisation}）依托的平台。")
        return host

    def clean_status(self):
        status = self.cleaned_data.get("status") or ""
        if status and status not in PlatformStatus.values:
            raise ValidationError("状态须为筹建、已认定或已撤销。")
        if status and status != PlatformStatus.PLANNING and not self.user.is_bureau:
            raise ValidationError("只有市科技局可以导入已认定或已撤销的平台。")
        return status

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == PlatformStatus.RECOGNISED and not (cleaned.get("document_number") or "").strip():
            self.add_error("document_number", "已认定的平台须填写认定文号。")
        return cleaned

    def _get_validation_exclusions(self):
        """A row naming a stored platform (same host and name) is that platform, not a clash:
        the importer finds it by the lookup key (the database constraint still guards it)."""
        return super()._get_validation_exclusions() | {"host"}

    def save(self, commit=True):
        """The row's 状态 is not a field to write: it rides on the record as `import_status`
        for the importer's workflow step (PlatformImport.next_state)."""
        obj = super().save(commit=commit)
        obj.import_status = self.cleaned_data.get("status") or ""
        return obj
