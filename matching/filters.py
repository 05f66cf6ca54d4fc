"""The bureau's matching overview filter (the page is its only user: no API lists it)."""

import django_filters
from django import forms
from django.db.models import F, FilteredRelation, Q

from accounts.roles import Role
from core.filters import PortalFilterSet
from demands.models import Demand

from .models import DocKind

WEAKEST = "weakest"


class MatchOverviewFilter(PortalFilterSet):
    """Published demands with their best suggestion. `order=weakest` puts first the demands whose
    best suggestion is weakest (none at all first): those need a broker, or a new phrase in the
    matching knowledge base."""

    q = django_filters.CharFilter(method="search", label="关键词")
    mine = django_filters.BooleanFilter(method="filter_mine", label="只看本县区", widget=forms.CheckboxInput)
    order = django_filters.ChoiceFilter(
        choices=[(WEAKEST, "匹配最弱的在前")], empty_label="最新发布在前", method="order_by", label="排序"
    )

    role_fields = {"mine": {Role.LIAISON}}

    class Meta:
        model = Demand
        fields = ["q", "mine", "order"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(owner__name__icontains=value))

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if not value or user is None or not user.county_id:
            return queryset
        return queryset.filter(county_id=user.county_id)

    def order_by(self, queryset, name, value):
        if value != WEAKEST:
            return queryset
        best = FilteredRelation(
            "match_suggestion",
            condition=Q(
                match_suggestion__source_kind=DocKind.DEMAND,
                match_suggestion__target_kind=DocKind.ACHIEVEMENT,
                match_suggestion__rank=1,
            ),
        )
        return queryset.annotate(best=best).order_by(F("best__score").asc(nulls_first=True), "-published_at", "-id")
