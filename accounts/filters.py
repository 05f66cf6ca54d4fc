import django_filters
from django.db.models import Q

from core.filters import PortalFilterSet

from .models import County, Organisation


class OrganisationFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="search", label="关键词")
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices, label="单位类型")
    county = django_filters.ModelChoiceFilter(queryset=County.objects.all(), label="县区")
    is_verified = django_filters.BooleanFilter(label="已核验")

    class Meta:
        model = Organisation
        fields = ["q", "kind", "county", "is_verified"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(uscc__icontains=value.upper()))
