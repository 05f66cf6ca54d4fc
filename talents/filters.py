"""One FilterSet for the talent list page, the API and the export."""

import re

import django_filters
from django import forms

from accounts.models import County, Industry
from accounts.roles import Role
from core.filters import PortalFilterSet
from core.forms import QuickSelect
from core.reference import active_choices, reference_index
from core.text import cut

from .models import Degree, ProfessionalTitle, Talent, TalentCategory, TalentCorrection, TalentStatus, sees_contacts


def search_terms(value: str) -> list[str]:
    """Split a search into terms: spaces, and Chinese word segmentation (no spaces needed).

    "郑州大学材料" → ["郑州大学", "材料"]: each term must appear in name, employer, research
    field or keywords.
    """
    terms = []
    for chunk in re.split(r"\s+", (value or "").strip().lower()):
        if not chunk:
            continue
        if re.fullmatch(r"[\w.@+-]+", chunk, flags=re.ASCII):
            terms.append(chunk)
            continue
        for word in cut(chunk):
            word = word.strip()
            if word and re.search(r"\w", word) and word not in terms:
                terms.append(word)
    return terms[:8]


class RefFilter(django_filters.CharFilter):
    """A reference filter that takes an id, a code or the Chinese name (`?county=wenxian`, `?county=温县`)."""

    def __init__(self, *args, model, field_name, **kwargs):
        self.ref_model = model
        super().__init__(*args, field_name=field_name, **kwargs)

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        found = reference_index(self.ref_model).get(value)  # cached per process: no query
        return qs.filter(**{self.field_name: found}) if found is not None else qs.none()


class TalentFilter(PortalFilterSet):
    q = django_filters.CharFilter(
        method="search",
        label="关键词",
        help_text="姓名、单位或研究领域",
        widget=forms.TextInput(attrs={"placeholder": "姓名、单位、研究领域"}),
    )
    county = RefFilter(model=County, field_name="native_county", label="籍贯县区")
    industry = RefFilter(model=Industry, field_name="industries", label="产业")
    category = RefFilter(model=TalentCategory, field_name="category", label="人才类别")
    title = django_filters.ChoiceFilter(choices=ProfessionalTitle.choices, label="职称", empty_label="全部")
    degree = django_filters.ChoiceFilter(choices=Degree.choices, label="学历", empty_label="全部")
    status = django_filters.ChoiceFilter(choices=TalentStatus.choices, label="状态", empty_label="全部")
    refresh_due = django_filters.BooleanFilter(
        method="filter_refresh_due",
        label="待更新",
        widget=forms.Select(choices=[("", "全部"), ("true", "待更新"), ("false", "无需更新")]),
    )
    correction_pending = django_filters.BooleanFilter(
        method="filter_correction_pending",
        label="待确认更正",
        widget=forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")]),
    )

    # Only the editors of the records care about their workflow state.
    role_fields = {name: {Role.LIAISON} for name in ("status", "refresh_due", "correction_pending")}

    class Meta:
        model = Talent
        fields = [
            "q",
            "county",
            "industry",
            "category",
            "title",
            "degree",
            "status",
            "refresh_due",
            "correction_pending",
        ]

    def with_dropdowns(self):
        """For the HTML page: reference filters as drop-downs (the API takes id, code or name)."""
        for name, model in (("county", County), ("industry", Industry), ("category", TalentCategory)):
            options = [("", "全部"), *active_choices(model)]
            self.form.fields[name].widget = QuickSelect(choices=options, attrs={"class": "form-select form-select-sm"})
        user = getattr(self.request, "user", None)
        if user is not None and not user.is_bureau and user.is_liaison:
            self.form.fields.pop("county")  # a liaison's list is their own county anyway
        return self

    def search(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        personal = user is not None and sees_contacts(user)
        for term in search_terms(value):
            if personal:
                queryset = queryset.filter(search_text__contains=term)
            else:  # anonymised viewers may not probe names or employers
                queryset = queryset.filter(research_field__icontains=term)
        return queryset

    def filter_correction_pending(self, queryset, name, value):
        if value is None:
            return queryset
        pending = TalentCorrection.objects.filter(state=TalentCorrection.State.PENDING).values("talent_id")
        return queryset.filter(pk__in=pending) if value else queryset.exclude(pk__in=pending)

    def filter_refresh_due(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(is_refresh_due=value)
