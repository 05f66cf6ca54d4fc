import django_filters
from django import forms

from .forms import style_fields
from .inputs import MAX_ID


class PortalFilterSet(django_filters.FilterSet):
    """Base FilterSet: Bootstrap widgets for the list pages (API ignores the widgets)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self.form.fields, small=True)


class IdFilter(django_filters.NumberFilter):
    """A record id in the query string (?owner=12): anything that is not a plausible id is a
    Chinese validation error (400 in the API, ignored on a page), never a database error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class IntegerFilter(django_filters.NumberFilter):
    """A whole number such as a year, within bounds (?claim_year=2025)."""

    field_class = forms.IntegerField

    def __init__(self, *args, min_value=-(2**31), max_value=2**31 - 1, **kwargs):
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)
