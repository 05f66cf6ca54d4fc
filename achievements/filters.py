import django_filters
from django import forms

from core.filters import IdFilter, PortalFilterSet
from core.inputs import label_to_code
from core.library.filters import LibraryFilterMixin, choice_method, json_list_method, select

from .models import Achievement, AchievementStatus, Maturity, Source, TransferMode


class AchievementFilter(LibraryFilterMixin, PortalFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="关键词")
    industry = django_filters.CharFilter(method="filter_industry", label="产业", widget=forms.Select(choices=[]))
    county = django_filters.CharFilter(method="filter_county", label="县区", widget=forms.Select(choices=[]))
    maturity = django_filters.CharFilter(method="filter_maturity", label="成熟度", widget=select(Maturity.choices))
    min_maturity = django_filters.CharFilter(
        method="filter_min_maturity", label="成熟度不低于", widget=select(Maturity.choices)
    )
    mode = django_filters.CharFilter(method="filter_mode", label="转化方式", widget=select(TransferMode.choices))
    source = django_filters.CharFilter(method="filter_source", label="来源", widget=select(Source.choices))
    status = django_filters.CharFilter(method="filter_status", label="状态", widget=select(AchievementStatus.choices))
    owner = IdFilter(field_name="owner_id", label="持有单位", widget=forms.HiddenInput)
    mine = django_filters.BooleanFilter(method="filter_mine", label="只看本单位", widget=forms.CheckboxInput)

    filter_maturity = choice_method("maturity", Maturity.choices)
    filter_mode = json_list_method("transfer_modes", TransferMode.choices)
    filter_source = choice_method("source", Source.choices)
    filter_status = choice_method("status", AchievementStatus.choices)

    class Meta:
        model = Achievement
        fields = ["q", "industry", "county", "maturity", "min_maturity", "mode", "source", "status", "owner", "mine"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_reference_choices()

    def filter_min_maturity(self, queryset, name, value):
        rank = Maturity.rank(label_to_code(Maturity.choices, value))
        if not rank:
            return queryset.none()
        return queryset.filter(maturity__in=Maturity.values[rank - 1 :])
