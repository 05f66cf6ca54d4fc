"""Contract payments: recording, the verification list, verification transitions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.decorators.http import require_POST

from accounts.roles import Role
from core.mixins import FilteredListMixin
from core.redirects import redirect_next
from core.workflow import TransitionError, transition

from .. import services
from ..filters import PaymentFilter
from ..forms import PaymentForm
from ..models import ContractPayment, TechContract
from .rows import PAYMENT_ROW_COLUMNS, payment_rows

# --------------------------------------------------------------------------- payments


@login_required
def payment_create(request, pk):
    contract = get_object_or_404(TechContract.objects.visible_to(request.user), pk=pk)
    form = PaymentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_create(user=request.user, contract=contract, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        except PermissionDenied as exc:
            raise exc
        else:
            messages.success(request, "支付记录已录入，待市科技局核实。")
            return redirect(contract)
    elif request.method == "GET" and not (
        request.user.is_bureau
        or (request.user.has_role(Role.ENTERPRISE) and request.user.organisation_id == contract.buyer_id)
    ):
        raise PermissionDenied("只有受让方企业或市科技局可以录入支付记录。")
    return render(request, "subsidies/payment_form.html", {"form": form, "contract": contract})


class PaymentListView(FilteredListMixin, View):
    model = ContractPayment
    filterset_class = PaymentFilter
    template_name = "subsidies/payment_list.html"
    required_roles = (Role.BUREAU,)

    def get_queryset(self):
        return super().get_queryset().select_related("contract", "contract__buyer").only(*PAYMENT_ROW_COLUMNS)

    def prepare_rows(self, rows):
        return payment_rows(rows, self.request)


@login_required
@require_POST
def payment_transition(request, pk):
    payment = get_object_or_404(ContractPayment.objects.visible_to(request.user), pk=pk)
    data = {"amount": request.POST["amount"]} if request.POST.get("amount") else {}
    try:
        transition(payment, request.POST.get("to", ""), request.user, request.POST.get("comment", ""), data)
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"支付记录已{ContractPayment.Status(payment.status).label}。")
    return redirect_next(request, payment.contract.get_absolute_url())
