"""The publicity (公示) list and batch publicising."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.decorators.http import require_POST

from core.exports import logged_xlsx_export
from core.inputs import parse_ids
from core.mixins import FilteredListMixin
from core.workflow import transition_many

from ..filters import ClaimFilter
from ..models import Claim

S = Claim.Status


# --------------------------------------------------------------------------- publicity

PUBLIC_HEADERS = [
    "申报编号",
    "申报年度",
    "企业名称",
    "所在县区",
    "所属产业",
    "技术合同名称",
    "技术合同登记编号",
    "出让方",
    "计算基数（元）",
    "批准金额（元）",
    "一事一议",
    "状态",
    "公示开始",
    "公示截止",
]


def _public_row(c):
    return [
        c.number,
        c.claim_year,
        c.enterprise.name,
        str(c.enterprise.county or ""),
        str(c.enterprise.industry or ""),
        c.contract.name,
        c.contract.registration_number,
        c.contract.seller_name,
        c.basis_amount,
        c.approved_amount,
        "是" if c.is_exceptional else "否",
        c.status_label(),
        c.publicized_on.isoformat() if c.publicized_on else "",
        c.publicity_until.isoformat() if c.publicity_until else "",
    ]


class PublicityView(FilteredListMixin, View):
    """The 公示 list: publicised and disbursed claims (and, for the bureau, approved ones to publicise)."""

    model = Claim
    filterset_class = ClaimFilter
    template_name = "subsidies/publicity.html"
    paginate_by = 50

    def get_base_queryset(self):
        # Public means publicised: a claim approved but not yet publicised is seen only by the
        # bureau, which publicises it from here.
        states = Claim.GRANTED_STATES if self.request.user.is_bureau else Claim.PUBLIC_STATES
        return (
            Claim.objects.filter(status__in=states)
            .select_related("enterprise", "enterprise__county", "enterprise__industry", "contract")
            .order_by("-claim_year", "number")
        )

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx" or request.GET.get("print"):
            filterset = self.get_filterset()
            qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
            if request.GET.get("print"):
                return render(
                    request,
                    "subsidies/publicity_print.html",
                    {
                        "claims": qs,
                        "today": timezone.localdate(),
                        "total": qs.aggregate(s=Sum("approved_amount"))["s"] or 0,
                    },
                )
            return logged_xlsx_export(
                request,
                what="补助公示名单",
                filename="成果转化补助公示名单.xlsx",
                headers=PUBLIC_HEADERS,
                rows=[_public_row(c) for c in qs],
                count=qs.count(),
            )
        return super().get(request, *args, **kwargs)

    def get_extra_context(self):
        return {"can_publicize": self.request.user.is_bureau}


@login_required
@require_POST
def publicize_batch(request):
    if not request.user.is_bureau:
        raise PermissionDenied("只有市科技局可以发布公示。")
    ids = parse_ids(request.POST.getlist("claim"))
    claims = Claim.objects.visible_to(request.user).filter(pk__in=ids, status=S.APPROVED)
    done, failed = transition_many(claims, S.PUBLICIZED, request.user, request.POST.get("comment", ""))
    if done:
        messages.success(request, f"已发布公示 {len(done)} 项。")
    for claim, error in failed:
        messages.error(request, f"{claim.number}：{error}")
    if not ids:
        messages.warning(request, "请先勾选要公示的申报。")
    return redirect("subsidies:publicity")
