"""Filter pieces shared by the library FilterSets (one FilterSet per app serves the page, the
API and the export). Values may be codes, ids or Chinese names."""

from django import forms

from accounts.models import County, Industry
from core.fields import label_to_code
from core.reference import active_choices, reference_index


class LibraryFilterMixin:
    """Filters every library shares: keyword search, industry, county, "only my unit"."""

    # Which page the FilterSet serves ("list", "mine", "review"): set by the list view.
    page_kind = "list"
    # The workflow filters mean something to the bureau, to leaders and to a unit on its own page;
    # on the public library a unit sees only published records anyway.
    workflow_fields = ("status", "expired")

    def fields_for(self, user):
        names = super().fields_for(user)
        if user is None or not user.is_authenticated or user.is_bureau or user.is_leader or self.page_kind == "mine":
            return names
        return [n for n in names if n not in self.workflow_fields]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_industry(self, queryset, name, value):
        industry = reference_index(Industry).get(value)  # cached per process (core.reference)
        return queryset.filter(industry=industry) if industry else queryset.none()

    def filter_county(self, queryset, name, value):
        county = reference_index(County).get(value)
        return queryset.filter(county=county) if county else queryset.none()

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if value and user is not None and user.is_authenticated:
            return queryset.filter(owner_id=user.organisation_id)
        return queryset

    def set_reference_choices(self):
        """Fill the industry/county selects from the active reference data (call from __init__)."""
        fields = self.form.fields
        fields["industry"].widget.choices = [("", "全部"), *active_choices(Industry)]
        fields["county"].widget.choices = [("", "全部"), *active_choices(County)]
        fields["mine"].widget.attrs["class"] = "form-check-input"


def choice_method(field_name, choices):
    """A filter method matching one choice given as code or label."""

    def method(self, queryset, name, value):
        return queryset.filter(**{field_name: label_to_code(choices, value)})

    return method


def json_list_method(field_name, choices):
    """A filter method matching a code inside a JSON list field (given as code or label)."""

    def method(self, queryset, name, value):
        code = label_to_code(choices, value)
        # JSON text contains the quoted code: works on SQLite and PostgreSQL alike.
        return queryset.filter(**{f"{field_name}__icontains": f'"{code}"'})

    return method


def select(choices):
    return forms.Select(choices=[("", "全部"), *choices])
