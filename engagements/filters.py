import django_filters
from django import forms
from django.db import connections
from django.db.models import Q

from accounts.models import County
from accounts.roles import Role
from achievements.models import Achievement
from core.filters import IntegerFilter, PortalFilterSet
from core.forms import QuickSelect
from demands.models import Demand

from .models import Engagement, EngagementStatus, TargetKind

CHOICES_SHOWN = 200  # the most records a demand or achievement drop-down lists
CHOICE_MODELS = {"demand": Demand, "achievement": Achievement}


class CappedSelect(QuickSelect):
    """The records' drop-down while they are at most CHOICES_SHOWN; above, a hidden input that only
    carries the value (a link's ?demand=<id> still filters; the keyword search finds by name).
    The records are read, and counted (`too_many`, one query for both drop-downs), only when the
    page draws the form: the API, which never does, runs neither."""

    def __init__(self, widget, name, filterset):
        super().__init__(attrs=widget.attrs)
        self.is_required = widget.is_required
        self.name, self.filterset = name, filterset

    @property
    def too_many(self) -> bool:
        return self.filterset.too_many(self.name)

    @property
    def input_type(self):
        return "hidden" if self.too_many else "select"

    def render(self, name, value, attrs=None, renderer=None):
        if self.too_many:
            return forms.HiddenInput().render(name, value, attrs, renderer)
        self.choices = self.filterset.choice_field(self.name).choices
        return super().render(name, value, attrs, renderer)


def capped_counts(querysets: dict, cap: int) -> dict:
    """{name: capped_count(queryset, cap)} for several querysets in one query (one round trip)."""
    parts, params = [], []
    for queryset in querysets.values():
        sql, p = queryset.order_by().values("pk")[: cap + 1].query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) capped)")
        params.extend(p)
    using = next(iter(querysets.values())).db
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return dict(zip(querysets, cursor.fetchone(), strict=True))


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
        for name in CHOICE_MODELS:
            # Thousands of options cost more than the page: above the limit the field is only carried.
            self.form.fields[name].widget = CappedSelect(self.form.fields[name].widget, name, self)
            if self.data and self.data.get(name) not in (None, ""):
                self.choice_field(name)  # a given id is checked against the user's records

    def choice_field(self, name: str):
        """The demand (achievement) field with its records: those the user's engagements concern."""
        field = self.form.fields[name]
        read = self.__dict__.setdefault("_choices_read", set())
        if name not in read:
            user = getattr(self.request, "user", None)
            mine = Engagement.objects.visible_to(user) if user is not None else Engagement.objects.all()
            field.queryset = CHOICE_MODELS[name].objects.filter(pk__in=mine.values(f"{name}_id")).order_by("title")
            read.add(name)
        return field

    def too_many(self, name: str) -> bool:
        """Whether the demand (achievement) drop-down would list more than CHOICES_SHOWN records;
        both counted at once, when the page first asks."""
        counts = self.__dict__.get("_choice_counts")
        if counts is None:
            counts = self.__dict__["_choice_counts"] = capped_counts(
                {n: self.choice_field(n).queryset for n in CHOICE_MODELS}, CHOICES_SHOWN
            )
        return counts[name] > CHOICES_SHOWN

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
