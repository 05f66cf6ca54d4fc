import django_filters
from django.db.models import Q

from core.filters import PortalFilterSet

from .models import County, Organisation


class OrganisationFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="search", label="关键词")
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices, label="单位类型")
    county = django_filters.ModelChoiceFilter(queryset=County.objects.all(), label="县区")
    verification_status = django_filters.ChoiceFilter(choices=Organisation.Verification.choices, label="核验状态")

    class Meta:
        model = Organisation
        fields = ["q", "kind", "county", "verification_status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(uscc__icontains=value.upper()))
