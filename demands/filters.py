import django_filters
from django import forms

from core.filters import PortalFilterSet
from core.library.filters import LibraryFilterMixin, choice_method, json_list_method, select

from .models import CooperationMode, Demand, DemandKind, DemandStatus


class DemandFilter(LibraryFilterMixin, PortalFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="关键词")
    industry = django_filters.CharFilter(
        method="filter_industry",
        label="产业",
        widget=forms.Select(choices=[]),
    )
    county = django_filters.CharFilter(method="filter_county", label="县区", widget=forms.Select(choices=[]))
    kind = django_filters.CharFilter(method="filter_kind", label="需求类型", widget=select(DemandKind.choices))
    mode = django_filters.CharFilter(method="filter_mode", label="合作方式", widget=select(CooperationMode.choices))
    status = django_filters.CharFilter(method="filter_status", label="状态", widget=select(DemandStatus.choices))
    expired = django_filters.BooleanFilter(
        method="filter_expired",
        label="已过期",
        widget=forms.Select(choices=[("", "全部"), ("false", "有效"), ("true", "已过期")]),
    )
    mine = django_filters.BooleanFilter(method="filter_mine", label="只看本单位", widget=forms.CheckboxInput)

    filter_kind = choice_method("kind", DemandKind.choices)
    filter_mode = json_list_method("cooperation_modes", CooperationMode.choices)
    filter_status = choice_method("status", DemandStatus.choices)

    class Meta:
        model = Demand
        fields = ["q", "industry", "county", "kind", "mode", "status", "expired", "mine"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_reference_choices()

    def filter_expired(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.expired() if value else queryset.not_expired()
