"""Technology-contract pages: list, record, detail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import DecimalField, OuterRef, Subquery, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.decorators.http import require_POST

from accounts.roles import Role
from core.mixins import FilteredListMixin
from core.redirects import redirect_next
from core.workflow import TransitionError, transition, workflow_for

from .. import services
from ..filters import ContractFilter
from ..forms import ContractForm
from ..models import MONEY, Claim, ContractPayment, TechContract
from .rows import CONTRACT_ROW_COLUMNS, contract_rows

# --------------------------------------------------------------------------- contracts


_paid = (
    ContractPayment.objects.filter(contract=OuterRef("pk"))
    .exclude(status="rejected")
    .order_by()
    .values("contract")
    .annotate(total=Sum("amount"))
)


class ContractListView(FilteredListMixin, View):
    model = TechContract
    filterset_class = ContractFilter
    template_name = "subsidies/contract_list.html"
    required_roles = (Role.ENTERPRISE, Role.INSTITUTE, Role.LIAISON, Role.LEADER)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("buyer")
            .only(*CONTRACT_ROW_COLUMNS)
            # A subquery per shown row, not a GROUP BY over every contract: the page is the first
            # 20 rows of the (-signed_on, -id) index and the capped count stays an index scan.
            .annotate(paid=Subquery(_paid.values("total"), output_field=DecimalField(**MONEY)))
            .order_by("-signed_on", "-id")
        )

    def prepare_rows(self, rows):
        return contract_rows(rows)


@login_required
def contract_create(request):
    user = request.user
    if not (user.is_bureau or user.is_liaison or user.has_role(Role.ENTERPRISE)):
        raise PermissionDenied("您的角色不能录入技术合同。")
    form = ContractForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        buyer = data.get("buyer") or user.organisation
        try:
            if buyer is None:
                raise ValidationError({"buyer": "请选择受让方企业。"})
            contract = services.contract_create(
                user=user,
                registration_number=data["registration_number"],
                name=data["name"],
                contract_type=data["contract_type"],
                buyer=buyer,
                seller=data["seller"],
                seller_name=data["seller_name"],
                contract_amount=data["contract_amount"],
                transaction_amount=data["transaction_amount"],
                signed_on=data["signed_on"],
                registered_on=data["registered_on"],
                seller_outside_city=data["seller_outside_city"],
                seller_outside_province=data["seller_outside_province"],
                is_related_party=data["is_related_party"],
                related_party_declaration=data["related_party_declaration"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            if contract.is_counted:
                messages.success(request, "技术合同已录入，请继续录入支付记录（转账凭证和发票）。")
            else:
                messages.success(request, "技术合同已录入，已通知受让方确认；受让方确认或市科技局核实后方可申报补助。")
            return redirect(contract)
    return render(request, "subsidies/contract_form.html", {"form": form})


@login_required
def contract_detail(request, pk):
    contract = get_object_or_404(TechContract.objects.visible_to(request.user).select_related("buyer", "seller"), pk=pk)
    payments = contract.payments.all()
    can_pay = request.user.is_bureau or (
        request.user.has_role(Role.ENTERPRISE) and request.user.organisation_id == contract.buyer_id
    )
    return render(
        request,
        "subsidies/contract_detail.html",
        {
            "contract": contract,
            "payments": payments,
            "claims": contract.claims.filter(pk__in=Claim.objects.visible_to(request.user)),
            "can_pay": can_pay,
            "payment_workflow": workflow_for(ContractPayment),
            "contract_actions": workflow_for(contract).available(contract, request.user),
            "paid_total": sum((p.amount for p in payments if p.status != "rejected"), 0),
            "verified_total": sum((p.counted_amount for p in payments), 0),
        },
    )


@login_required
@require_POST
def contract_transition(request, pk):
    """The buyer confirms or denies a contract recorded by someone else; the bureau verifies it."""
    contract = get_object_or_404(TechContract.objects.visible_to(request.user), pk=pk)
    try:
        transition(contract, request.POST.get("to", ""), request.user, request.POST.get("comment", ""))
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"技术合同状态已更新为“{contract.get_status_display()}”。")
    return redirect_next(request, contract.get_absolute_url())
