"""Filter pieces shared by the library FilterSets (one FilterSet per app serves the page, the
API and the export). Values may be codes, ids or Chinese names."""

from django import forms

from accounts.models import County, Industry
from core.fields import label_to_code, reference_lookup


class LibraryFilterMixin:
    """Filters every library shares: keyword search, industry, county, "only my unit"."""

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_industry(self, queryset, name, value):
        industry = reference_lookup(Industry.objects.all(), value)
        return queryset.filter(industry=industry) if industry else queryset.none()

    def filter_county(self, queryset, name, value):
        county = reference_lookup(County.objects.all(), value)
        return queryset.filter(county=county) if county else queryset.none()

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if value and user is not None and user.is_authenticated:
            return queryset.filter(owner_id=user.organisation_id)
        return queryset

    def set_reference_choices(self):
        """Fill the industry/county selects from the active reference data (call from __init__)."""
        fields = self.form.fields
        fields["industry"].widget.choices = [("", "全部"), *Industry.objects.active().values_list("code", "name")]
        fields["county"].widget.choices = [("", "全部"), *County.objects.active().values_list("code", "name")]
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
