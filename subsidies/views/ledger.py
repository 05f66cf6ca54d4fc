"""The disbursement ledger (台账) and the totals page."""

from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.views import View

from accounts.roles import Role
from core.exports import logged_xlsx_export
from core.mixins import FilteredListMixin, RoleRequiredMixin

from ..filters import ClaimFilter
from ..models import Claim

S = Claim.Status


# --------------------------------------------------------------------------- ledger and totals

LEDGER_HEADERS = [
    "申报编号",
    "企业名称",
    "所在县区",
    "申报年度",
    "批准金额（元）",
    "拨付日期",
    "拨付凭证号",
    "拨付凭证",
]


class LedgerView(FilteredListMixin, View):
    model = Claim
    filterset_class = ClaimFilter
    template_name = "subsidies/ledger.html"
    required_roles = (Role.LIAISON, Role.LEADER)
    paginate_by = 50

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(status=S.DISBURSED)
            .select_related("enterprise", "enterprise__county")
            .order_by("-disbursed_on", "-id")
        )

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            filterset = self.get_filterset()
            qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
            rows = [
                [
                    c.number,
                    c.enterprise.name,
                    str(c.enterprise.county or ""),
                    c.claim_year,
                    c.approved_amount,
                    c.disbursed_on.isoformat() if c.disbursed_on else "",
                    c.disbursement_reference,
                    "已上传" if c.disbursement_voucher else "未上传",
                ]
                for c in qs
            ]
            return logged_xlsx_export(
                request,
                what="补助拨付台账",
                filename="成果转化补助拨付台账.xlsx",
                headers=LEDGER_HEADERS,
                rows=rows,
                count=len(rows),
            )
        return super().get(request, *args, **kwargs)

    def get_extra_context(self):
        filterset = self.get_filterset()
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        return {"total": qs.aggregate(s=Sum("approved_amount"))["s"] or 0}


def totals_for(user):
    granted = Claim.objects.visible_to(user).granted()

    def group(*fields):
        return (
            granted.values(*fields)
            .annotate(
                n=Count("id"),
                approved=Sum("approved_amount"),
                disbursed=Sum("approved_amount", filter=Q(status=S.DISBURSED)),
            )
            .order_by(*fields)
        )

    return {
        "by_year": group("claim_year"),
        "by_county": group("enterprise__county__name"),
        "by_industry": group("enterprise__industry__name"),
        "overall": granted.aggregate(
            n=Count("id"),
            approved=Sum("approved_amount"),
            disbursed=Sum("approved_amount", filter=Q(status=S.DISBURSED)),
        ),
    }


class TotalsView(RoleRequiredMixin, View):
    required_roles = (Role.LIAISON, Role.LEADER)

    def get(self, request):
        return render(request, "subsidies/totals.html", totals_for(request.user))
