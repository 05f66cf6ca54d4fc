import django_filters
from django.db.models import Q

from accounts.models import County
from core.filters import IdFilter, PortalFilterSet

from .models import Engagement, EngagementStatus, TargetKind


class EngagementFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="search", label="关键词")
    status = django_filters.ChoiceFilter(choices=EngagementStatus.choices, label="阶段")
    target_kind = django_filters.ChoiceFilter(choices=TargetKind.choices, label="对接对象")
    county = django_filters.ModelChoiceFilter(queryset=County.objects.all(), label="县区")
    demand = IdFilter(field_name="demand_id", label="需求ID")
    achievement = IdFilter(field_name="achievement_id", label="成果ID")
    follow_up_due = django_filters.BooleanFilter(method="filter_due", label="待跟进")

    class Meta:
        model = Engagement
        fields = ["q", "status", "target_kind", "county", "demand", "achievement", "follow_up_due"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(demand__title__icontains=value)
            | Q(demand__owner__name__icontains=value)
            | Q(achievement__title__icontains=value)
            | Q(institute__name__icontains=value)
        )

    def filter_due(self, queryset, name, value):
        from django.utils import timezone

        if value is None:
            return queryset
        due = Q(status__in=["intent", "negotiating", "signed"], next_follow_up_on__lte=timezone.localdate())
        return queryset.filter(due) if value else queryset.exclude(due)
