import django_filters
from django import forms
from django.db.models import Q

from accounts.models import County
from accounts.roles import Role
from achievements.models import Achievement
from core.filters import IntegerFilter, PortalFilterSet
from core.library.pagination import capped_count
from demands.models import Demand

from .models import Engagement, EngagementStatus, TargetKind

CHOICES_SHOWN = 200  # the most records a demand or achievement drop-down lists


class EngagementFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="search", label="关键词")
    status = django_filters.ChoiceFilter(choices=EngagementStatus.choices, label="阶段")
    target_kind = django_filters.ChoiceFilter(choices=TargetKind.choices, label="对接对象")
    county = django_filters.ModelChoiceFilter(queryset=County.objects.all(), label="县区")
    # Chosen by name among the records the user's own engagements concern (a link may carry an id).
    demand = django_filters.ModelChoiceFilter(field_name="demand", queryset=Demand.objects.none(), label="需求")
    achievement = django_filters.ModelChoiceFilter(
        field_name="achievement", queryset=Achievement.objects.none(), label="成果"
    )
    follow_up_due = django_filters.BooleanFilter(method="filter_due", label="待跟进")
    signed_year = IntegerFilter(
        field_name="signed_on", lookup_expr="year", label="签约年度", min_value=1900, max_value=2100
    )
    landed_year = IntegerFilter(
        field_name="landed_on", lookup_expr="year", label="落地年度", min_value=1900, max_value=2100
    )

    role_fields = {"county": {Role.LEADER}, "follow_up_due": {Role.LIAISON}}

    class Meta:
        model = Engagement
        fields = [
            "q",
            "status",
            "target_kind",
            "county",
            "demand",
            "achievement",
            "follow_up_due",
            "signed_year",
            "landed_year",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        mine = Engagement.objects.visible_to(user) if user is not None else Engagement.objects.all()
        for name, model in (("demand", Demand), ("achievement", Achievement)):
            field = self.form.fields[name]
            field.queryset = model.objects.filter(pk__in=mine.values(f"{name}_id")).order_by("title")
            if capped_count(field.queryset, CHOICES_SHOWN) > CHOICES_SHOWN:
                # Thousands of options cost more than the page: above the limit the field is only
                # carried (a link's ?demand=<id> still filters); the keyword search finds by name.
                field.widget = forms.HiddenInput()

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
