import django_filters
from django import forms

from accounts.models import County, Industry
from core.filters import PortalFilterSet
from core.inputs import label_to_code, reference_lookup

from .models import CooperationMode, Demand, DemandKind, DemandStatus


class LibraryFilterMixin:
    """Filters both libraries share; values may be codes, ids or Chinese names."""

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_industry(self, queryset, name, value):
        industry = reference_lookup(Industry.objects.all(), value)
        return queryset.filter(industry=industry) if industry else queryset.none()

    def filter_county(self, queryset, name, value):
        county = reference_lookup(County.objects.all(), value)
        return queryset.filter(county=county) if county else queryset.none()

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if value and user is not None and user.is_authenticated:
            return queryset.filter(owner_id=user.organisation_id)
        return queryset


def _choice_method(field_name, choices):
    def method(self, queryset, name, value):
        return queryset.filter(**{field_name: label_to_code(choices, value)})

    return method


def _json_list_method(field_name, choices):
    def method(self, queryset, name, value):
        code = label_to_code(choices, value)
        # JSON text contains the quoted code: works on SQLite and PostgreSQL alike.
        return queryset.filter(**{f"{field_name}__icontains": f'"{code}"'})

    return method


def _select(choices):
    return forms.Select(choices=[("", "全部"), *choices])


class DemandFilter(LibraryFilterMixin, PortalFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="关键词")
    industry = django_filters.CharFilter(
        method="filter_industry",
        label="产业",
        widget=forms.Select(choices=[]),
    )
    county = django_filters.CharFilter(method="filter_county", label="县区", widget=forms.Select(choices=[]))
    kind = django_filters.CharFilter(method="filter_kind", label="需求类型", widget=_select(DemandKind.choices))
    mode = django_filters.CharFilter(method="filter_mode", label="合作方式", widget=_select(CooperationMode.choices))
    status = django_filters.CharFilter(method="filter_status", label="状态", widget=_select(DemandStatus.choices))
    expired = django_filters.BooleanFilter(
        method="filter_expired",
        label="已过期",
        widget=forms.Select(choices=[("", "全部"), ("false", "有效"), ("true", "已过期")]),
    )
    mine = django_filters.BooleanFilter(method="filter_mine", label="只看本单位", widget=forms.CheckboxInput)

    filter_kind = _choice_method("kind", DemandKind.choices)
    filter_mode = _json_list_method("cooperation_modes", CooperationMode.choices)
    filter_status = _choice_method("status", DemandStatus.choices)

    class Meta:
        model = Demand
        fields = ["q", "industry", "county", "kind", "mode", "status", "expired", "mine"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.form.fields
        fields["industry"].widget.choices = [("", "全部"), *Industry.objects.active().values_list("code", "name")]
        fields["county"].widget.choices = [("", "全部"), *County.objects.active().values_list("code", "name")]
        fields["mine"].widget.attrs["class"] = "form-check-input"

    def filter_expired(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.expired() if value else queryset.not_expired()
