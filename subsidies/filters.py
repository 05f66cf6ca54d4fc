import django_filters
from django.db.models import Q

from accounts.models import County, Industry
from accounts.roles import Role
from core.filters import IntegerFilter, PortalFilterSet

from .models import Claim, ContractPayment, TechContract


class ClaimFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="search", label="关键词")
    # A column of the row itself: no join can repeat a claim, so no SELECT DISTINCT (django-filter's
    # default for multiple choices), which sorted every matching claim before taking a page.
    status = django_filters.MultipleChoiceFilter(choices=Claim.Status.choices, label="状态", distinct=False)
    claim_year = IntegerFilter(label="申报年度", min_value=1900, max_value=2100)
    county = django_filters.ModelChoiceFilter(
        field_name="enterprise__county", queryset=County.objects.all(), label="县区"
    )
    industry = django_filters.ModelChoiceFilter(
        field_name="enterprise__industry", queryset=Industry.objects.all(), label="产业"
    )
    is_exceptional = django_filters.BooleanFilter(label="一事一议")

    role_fields = {"county": {Role.LEADER}, "industry": {Role.LEADER, Role.LIAISON}}

    class Meta:
        model = Claim
        fields = ["q", "status", "claim_year", "county", "industry", "is_exceptional"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(number__icontains=value)
            | Q(contract__name__icontains=value)
            | Q(contract__registration_number__icontains=value)
            | Q(enterprise__name__icontains=value)
        )


class ContractFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="search", label="关键词")
    contract_type = django_filters.ChoiceFilter(choices=TechContract.ContractType.choices, label="合同类型")
    registered = django_filters.BooleanFilter(
        field_name="registered_on", lookup_expr="isnull", exclude=True, label="已登记"
    )
    county = django_filters.ModelChoiceFilter(field_name="buyer__county", queryset=County.objects.all(), label="县区")
    status = django_filters.ChoiceFilter(choices=TechContract.Status.choices, label="确认状态")
    signed_year = IntegerFilter(
        field_name="signed_on", lookup_expr="year", label="签订年度", min_value=1900, max_value=2100
    )

    role_fields = {"county": {Role.LEADER}}

    class Meta:
        model = TechContract
        fields = ["q", "contract_type", "registered", "county", "status", "signed_year"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(registration_number__icontains=value)
            | Q(buyer__name__icontains=value)
            | Q(seller_name__icontains=value)
        )


class PaymentFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="search", label="关键词")
    status = django_filters.ChoiceFilter(choices=ContractPayment.Status.choices, label="核实状态")

    class Meta:
        model = ContractPayment
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(invoice_number__icontains=value)
            | Q(contract__name__icontains=value)
            | Q(contract__registration_number__icontains=value)
            | Q(contract__buyer__name__icontains=value)
        )
