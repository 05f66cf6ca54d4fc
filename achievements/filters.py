import django_filters
from django import forms

from accounts.models import County, Industry
from core.filters import IdFilter, PortalFilterSet
from demands.filters import LibraryFilterMixin, _choice_method, _json_list_method, _select

from .models import Achievement, AchievementStatus, Maturity, Source, TransferMode


class AchievementFilter(LibraryFilterMixin, PortalFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="关键词")
    industry = django_filters.CharFilter(method="filter_industry", label="产业", widget=forms.Select(choices=[]))
    county = django_filters.CharFilter(method="filter_county", label="县区", widget=forms.Select(choices=[]))
    maturity = django_filters.CharFilter(method="filter_maturity", label="成熟度", widget=_select(Maturity.choices))
    min_maturity = django_filters.CharFilter(
        method="filter_min_maturity", label="成熟度不低于", widget=_select(Maturity.choices)
    )
    mode = django_filters.CharFilter(method="filter_mode", label="转化方式", widget=_select(TransferMode.choices))
    source = django_filters.CharFilter(method="filter_source", label="来源", widget=_select(Source.choices))
    status = django_filters.CharFilter(method="filter_status", label="状态", widget=_select(AchievementStatus.choices))
    owner = IdFilter(field_name="owner_id", label="持有单位", widget=forms.HiddenInput)
    mine = django_filters.BooleanFilter(method="filter_mine", label="只看本单位", widget=forms.CheckboxInput)

    filter_maturity = _choice_method("maturity", Maturity.choices)
    filter_mode = _json_list_method("transfer_modes", TransferMode.choices)
    filter_source = _choice_method("source", Source.choices)
    filter_status = _choice_method("status", AchievementStatus.choices)

    class Meta:
        model = Achievement
        fields = ["q", "industry", "county", "maturity", "min_maturity", "mode", "source", "status", "owner", "mine"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.form.fields
        fields["industry"].widget.choices = [("", "全部"), *Industry.objects.active().values_list("code", "name")]
        fields["county"].widget.choices = [("", "全部"), *County.objects.active().values_list("code", "name")]
        fields["mine"].widget.attrs["class"] = "form-check-input"

    def filter_min_maturity(self, queryset, name, value):
        from core.inputs import label_to_code

        rank = Maturity.rank(label_to_code(Maturity.choices, value))
        if not rank:
            return queryset.none()
        return queryset.filter(maturity__in=Maturity.values[rank - 1 :])
