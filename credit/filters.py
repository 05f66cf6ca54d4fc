import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from core.filters import IdFilter, PortalFilterSet

from .models import CreditKind, CreditRecord

VALIDITY_CHOICES = [("active", "有效"), ("expired", "已失效"), ("upcoming", "未生效")]


class CreditRecordFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="关键词")
    kind = django_filters.ChoiceFilter(choices=CreditKind.choices, label="类别", empty_label="全部")
    validity = django_filters.ChoiceFilter(
        choices=VALIDITY_CHOICES, method="filter_validity", label="有效状态", empty_label="全部"
    )
    organisation = IdFilter(field_name="organisation_id", label="单位编号", widget=forms.HiddenInput)

    class Meta:
        model = CreditRecord
        fields = ["q", "kind", "validity", "organisation"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(organisation__name__icontains=value)
            | Q(organisation__uscc__icontains=value.upper())
            | Q(person_name__icontains=value)
            | Q(reason__icontains=value)
            | Q(source_document__icontains=value)
        )

    def filter_validity(self, queryset, name, value):
        today = timezone.localdate()
        if value == "active":
            return queryset.active(today)
        if value == "expired":
            return queryset.filter(valid_until__lt=today)
        if value == "upcoming":
            return queryset.filter(valid_from__gt=today)
        return queryset
