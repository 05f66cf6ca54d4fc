"""One FilterSet per list, shared by the page, the API and the export."""

import django_filters
from django import forms

from accounts.models import County, Industry
from core.filters import IdFilter, PortalFilterSet
from core.inputs import ReferenceChoiceField
from core.reference import ReferenceChoiceIterator, reference_index, whole_table

from .models import Platform, PlatformLevel, PlatformType, SharedInstrument
from .workflow import PlatformStatus


class CachedReferenceChoiceField(ReferenceChoiceField):
    """Options and lookups from the per-process reference rows (core.reference): no query per
    drop-down or per filtered request."""

    iterator = ReferenceChoiceIterator

    def lookup(self, value):
        if self.index is None and whole_table(self.queryset):
            self.index = reference_index(self.queryset.model)
        return super().lookup(value)


class ReferenceFilter(django_filters.ModelChoiceFilter):
    """A select on the page (by code); the API takes the code or the Chinese name."""

    field_class = CachedReferenceChoiceField


def _reference(queryset, label, field_name=None, **kwargs):
    return ReferenceFilter(
        queryset=queryset, to_field_name="code", label=label, empty_label="全部", field_name=field_name, **kwargs
    )


class PlatformFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="关键词")
    type = _reference(PlatformType.objects.all(), "平台类型", "platform_type")
    level = django_filters.ChoiceFilter(choices=PlatformLevel.choices, label="级别", empty_label="全部")
    county = _reference(County.objects.all(), "县区", "county")
    status = django_filters.ChoiceFilter(choices=PlatformStatus.choices, label="状态", empty_label="全部")
    industry = _reference(Industry.objects.all(), "产业", "industries", distinct=True)
    mine = django_filters.BooleanFilter(method="filter_mine", label="只看本单位", widget=forms.CheckboxInput)

    class Meta:
        model = Platform
        fields = ["q", "type", "level", "county", "status", "industry", "mine"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["mine"].widget.attrs["class"] = "form-check-input"

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if value and user is not None and user.is_authenticated:
            return queryset.filter(host_id=user.organisation_id)
        return queryset


class InstrumentFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="关键词")
    type = _reference(PlatformType.objects.all(), "平台类型", "platform__platform_type")
    county = _reference(County.objects.all(), "县区", "platform__county")
    platform = IdFilter(field_name="platform_id", widget=forms.HiddenInput, label="平台")

    class Meta:
        model = SharedInstrument
        fields = ["q", "type", "county", "platform"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)
