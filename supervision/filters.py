import django_filters
from django.db.models import Q
from django.utils import timezone

from core.filters import IntegerFilter, PortalFilterSet

from .models import (
    QUARTER_CHOICES,
    AssignedTask,
    LedgerItem,
    LedgerStatus,
    Outcome,
    SupervisedUnit,
    SupervisionRecord,
    TaskStatus,
)


def _units(request):
    if request is None:
        return SupervisedUnit.objects.all()
    return SupervisedUnit.objects.visible_to(request.user)


class LedgerItemFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="search", label="关键词")
    unit = django_filters.ModelChoiceFilter(queryset=_units, label="单位")
    year = IntegerFilter(min_value=2020, max_value=2100, label="年度")
    quarter = django_filters.ChoiceFilter(choices=QUARTER_CHOICES, label="季度")
    status = django_filters.ChoiceFilter(choices=LedgerStatus.choices, label="状态")

    class Meta:
        model = LedgerItem
        fields = ["q", "unit", "year", "quarter", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(task__icontains=value) | Q(responsible_person__icontains=value) | Q(progress__icontains=value)
        )


class AssignedTaskFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="search", label="关键词")
    unit = django_filters.ModelChoiceFilter(queryset=_units, label="责任单位")
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices, label="状态")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="已逾期")

    class Meta:
        model = AssignedTask
        fields = ["q", "unit", "status", "overdue"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(detail__icontains=value))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = AssignedTask.objects.overdue(timezone.localdate())
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class SupervisionRecordFilter(PortalFilterSet):
    unit = django_filters.ModelChoiceFilter(queryset=_units, label="单位")
    year = IntegerFilter(min_value=2020, max_value=2100, label="年度")
    quarter = django_filters.ChoiceFilter(choices=QUARTER_CHOICES, label="季度")
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices, label="结果")

    class Meta:
        model = SupervisionRecord
        fields = ["unit", "year", "quarter", "outcome"]
