import django_filters
from django.db.models import Q

from accounts.models import County
from accounts.roles import Role
from core.filters import IntegerFilter, PortalFilterSet

from .models import Event, EventKind, EventStatus


class EventFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="search", label="关键词")
    kind = django_filters.ChoiceFilter(choices=EventKind.choices, label="活动类型")
    status = django_filters.ChoiceFilter(choices=EventStatus.choices, label="状态")
    year = IntegerFilter(field_name="date__year", min_value=2000, max_value=2100, label="年度")
    county = django_filters.ModelChoiceFilter(queryset=County.objects.all(), label="县区")
    mine = django_filters.BooleanFilter(method="filter_mine", label="我单位报名/参加的")

    class Meta:
        model = Event
        fields = ["q", "kind", "status", "year", "county", "mine"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is None or not user.organisation_id or not user.has_role(Role.ENTERPRISE, Role.INSTITUTE):
            self.filters.pop("mine")
            self.form.fields.pop("mine", None)

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(place__icontains=value) | Q(organiser__icontains=value))

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if value is None or user is None or not user.organisation_id:
            return queryset
        q = Q(participants__organisation_id=user.organisation_id)
        return queryset.filter(q).distinct() if value else queryset.exclude(q)
