"""Pages of the subsidies app. Every query starts from Model.objects.visible_to(user)."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.decorators.http import require_POST

from core.exports import logged_xlsx_export
from core.inputs import parse_ids
from core.mixins import FilteredListMixin, RoleRequiredMixin
from core.redirects import redirect_next
from core.workflow import TransitionError, transition, transition_many

from . import services
from .filters import ClaimFilter, ContractFilter, PaymentFilter
from .forms import AttachmentForm, ClaimForm, ContractForm, PaymentForm, SimulatorForm
from .models import Claim, ClaimAttachment, ContractPayment, PolicyVersion, TechContract
from .policy import compute_subsidy
from .queues import review_queue_for

S = Claim.Status
CLAIM_RELATED = ("enterprise", "enterprise__county", "enterprise__industry", "contract", "policy")


# --------------------------------------------------------------------------- claims


class ClaimListView(FilteredListMixin, View):
    model = Claim
    filterset_class = ClaimFilter
    template_name = "subsidies/claim_list.html"
    required_roles = ("enterprise", "liaison", "leader")

    def get_queryset(self):
        return super().get_queryset().select_related(*CLAIM_RELATED)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            filterset = self.get_filterset()
            qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
            return _claims_export(request, qs, what="补助申报列表", filename="补助申报列表.xlsx")
        return super().get(request, *args, **kwargs)


class ReviewQueueView(RoleRequiredMixin, View):
    required_roles = ("liaison", "leader")

    def get(self, request):
        queue = review_queue_for(request.user)
        payments = None
        if request.user.is_bureau:
            payments = (
                ContractPayment.objects.visible_to(request.user)
                .filter(status="pending")
                .select_related("contract", "contract__buyer")[:50]
            )
        return render(
            request,
            "subsidies/review_queue.html",
            {
                "queue": queue,
                "pending_payments": payments,
                "approved": Claim.objects.visible_to(request.user)
                .filter(status=S.APPROVED)
                .select_related(*CLAIM_RELATED)
                if request.user.is_bureau
                else None,
            },
        )


def _enterprise_required(user):
    if not (user.has_role("enterprise") and user.organisation_id):
        raise PermissionDenied("只有企业用户可以申报成果转化补助。")


@login_required
def claim_create(request):
    _enterprise_required(request.user)
    form = ClaimForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.claim_create(
                user=request.user,
                contract=form.cleaned_data["contract"],
                claim_year=form.cleaned_data["claim_year"],
                requested_amount=form.cleaned_data["requested_amount"],
                is_exceptional=form.cleaned_data["is_exceptional"],
                exceptional_justification=form.cleaned_data["exceptional_justification"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            problems = _save_form_files(form, claim, request.user)
            for problem in problems:
                messages.error(request, problem)
            messages.success(request, f"申报草稿 {claim.number} 已保存。请核对测算金额和材料后提交。")
            return redirect(claim)
    return render(request, "subsidies/claim_form.html", {"form": form, "policy": PolicyVersion.current()})


def _save_form_files(form, claim, user) -> list[str]:
    problems = []
    for field, kind in form.FILE_KINDS.items():
        upload = form.cleaned_data.get(field)
        if upload:
            try:
                services.attachment_add(claim=claim, user=user, kind=kind, upload=upload)
            except ValidationError as exc:
                problems.append(exc.messages[0])
    return problems


@login_required
def claim_edit(request, pk):
    claim = get_object_or_404(Claim.objects.visible_to(request.user), pk=pk)
    if not claim.can_edit(request.user):
        raise PermissionDenied("此申报当前不能修改。")
    initial = {
        "requested_amount": claim.requested_amount,
        "is_exceptional": claim.is_exceptional,
        "exceptional_justification": claim.exceptional_justification,
    }
    form = ClaimForm(request.POST or None, request.FILES or None, user=request.user, claim=claim, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_update(
                claim=claim,
                user=request.user,
                requested_amount=form.cleaned_data["requested_amount"],
                is_exceptional=form.cleaned_data["is_exceptional"],
                exceptional_justification=form.cleaned_data["exceptional_justification"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            for problem in _save_form_files(form, claim, request.user):
                messages.error(request, problem)
            messages.success(request, "申报已更新，测算金额已按现行政策重新计算。")
            return redirect(claim)
    return render(request, "subsidies/claim_form.html", {"form": form, "claim": claim, "policy": claim.policy})


@login_required
def claim_detail(request, pk):
    claim = get_object_or_404(Claim.objects.visible_to(request.user).select_related(*CLAIM_RELATED), pk=pk)
    workflow = Claim.workflow
    actions = workflow.available(claim, request.user)
    problems = services.claim_submit_problems(claim) if claim.status in Claim.OPEN_STATES else []
    limit = services.claim_limit(claim)
    return render(
        request,
        "subsidies/claim_detail.html",
        {
            "claim": claim,
            "actions": actions,
            "problems": problems,
            "limit": limit,
            "can_edit": claim.can_edit(request.user),
            "attachments": claim.attachments.all(),
            "links": claim.payment_links.select_related("payment"),
            "attachment_form": AttachmentForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def claim_transition(request, pk):
    claim = get_object_or_404(Claim.objects.visible_to(request.user), pk=pk)
    data = {
        k: request.POST.get(k, "") for k in ("amount", "decision_reference", "disbursed_on", "disbursement_reference")
    }
    data = {k: v for k, v in data.items() if v != ""}
    to = request.POST.get("to", "")
    try:
        transition(claim, to, request.user, request.POST.get("comment", ""), data)
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        voucher = request.FILES.get("disbursement_voucher")
        if to == S.DISBURSED and voucher:
            try:
                services.validate_proof_file(voucher, "拨付凭证")
            except ValidationError as exc:
                messages.warning(request, f"已登记拨付，但凭证文件未保存：{exc.messages[0]}")
            else:
                claim.disbursement_voucher = voucher
                claim._change_reason = "上传拨付凭证"
                claim.save(update_fields=["disbursement_voucher", "updated_at"])
        messages.success(request, f"操作成功，申报当前状态：{S(to).label}。")
    return redirect_next(request, claim.get_absolute_url())


@login_required
@require_POST
def claim_delete(request, pk):
    claim = get_object_or_404(Claim.objects.visible_to(request.user), pk=pk)
    if claim.status != S.DRAFT or not claim.can_edit(request.user):
        raise PermissionDenied("只能删除本单位尚未提交的草稿。")
    for attachment in claim.attachments.all():
        attachment.file.delete(save=False)
    number = claim.number
    claim.delete()
    messages.success(request, f"草稿 {number} 已删除。")
    return redirect("subsidies:claim_list")


@login_required
@require_POST
def attachment_upload(request, pk):
    claim = get_object_or_404(Claim.objects.visible_to(request.user), pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                claim=claim, user=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, "材料已上传。")
    else:
        messages.error(request, "请选择材料类型和文件。")
    return redirect(claim.get_absolute_url() + "#attachments")


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = get_object_or_404(
        ClaimAttachment.objects.filter(claim__in=Claim.objects.visible_to(request.user)), pk=pk
    )
    services.attachment_delete(attachment=attachment, user=request.user)
    messages.success(request, "材料已删除。")
    return redirect(attachment.claim.get_absolute_url() + "#attachments")


def _stream(field, name: str):
    if not field:
        raise Http404("文件不存在。")
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404("文件不存在。") from None
    content_type = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=False, filename=name or field.name.rsplit("/", 1)[-1], content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(
        ClaimAttachment.objects.filter(claim__in=Claim.objects.visible_to(request.user)), pk=pk
    )
    return _stream(attachment.file, attachment.original_name)


@login_required
def payment_file(request, pk, which):
    payment = get_object_or_404(ContractPayment.objects.visible_to(request.user), pk=pk)
    if which == "voucher":
        return _stream(payment.voucher, payment.voucher_name)
    if which == "invoice":
        return _stream(payment.invoice, payment.invoice_name)
    raise Http404("文件不存在。")


@login_required
def disbursement_voucher(request, pk):
    claim = get_object_or_404(Claim.objects.visible_to(request.user), pk=pk)
    return _stream(claim.disbursement_voucher, f"拨付凭证-{claim.number}")


# --------------------------------------------------------------------------- contracts and payments


class ContractListView(FilteredListMixin, View):
    model = TechContract
    filterset_class = ContractFilter
    template_name = "subsidies/contract_list.html"
    required_roles = ("enterprise", "institute", "liaison", "leader")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("buyer", "buyer__county")
            .annotate(paid=Sum("payments__amount", filter=~Q(payments__status="rejected")))
            .order_by("-signed_on", "-id")  # an aggregate query does not use Meta.ordering
        )


@login_required
def contract_create(request):
    user = request.user
    if not (user.is_bureau or user.is_liaison or user.has_role("enterprise")):
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
            messages.success(request, "技术合同已录入，请继续录入支付记录（转账凭证和发票）。")
            return redirect(contract)
    return render(request, "subsidies/contract_form.html", {"form": form})


@login_required
def contract_detail(request, pk):
    contract = get_object_or_404(TechContract.objects.visible_to(request.user).select_related("buyer", "seller"), pk=pk)
    payments = contract.payments.all()
    can_pay = request.user.is_bureau or (
        request.user.has_role("enterprise") and request.user.organisation_id == contract.buyer_id
    )
    return render(
        request,
        "subsidies/contract_detail.html",
        {
            "contract": contract,
            "payments": payments,
            "claims": contract.claims.filter(pk__in=Claim.objects.visible_to(request.user)),
            "can_pay": can_pay,
            "payment_workflow": ContractPayment.workflow,
            "paid_total": sum((p.amount for p in payments if p.status != "rejected"), 0),
            "verified_total": sum((p.counted_amount for p in payments), 0),
        },
    )


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
        or (request.user.has_role("enterprise") and request.user.organisation_id == contract.buyer_id)
    ):
        raise PermissionDenied("只有受让方企业或市科技局可以录入支付记录。")
    return render(request, "subsidies/payment_form.html", {"form": form, "contract": contract})


class PaymentListView(FilteredListMixin, View):
    model = ContractPayment
    filterset_class = PaymentFilter
    template_name = "subsidies/payment_list.html"
    required_roles = ("bureau",)

    def get_queryset(self):
        return super().get_queryset().select_related("contract", "contract__buyer", "verified_by")


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


# --------------------------------------------------------------------------- simulator


@login_required
def simulator(request):
    form = SimulatorForm(request.GET or None)
    policy = PolicyVersion.current()
    result = None
    if form.is_bound and form.is_valid() and policy is not None:
        try:
            result = compute_subsidy(
                policy=policy,
                basis=form.cleaned_data["basis_amount"].replace(",", "").strip(),
                exceptional=form.cleaned_data["exceptional"],
            )
        except ValidationError as exc:
            form.add_error("basis_amount", exc.messages[0])
    return render(request, "subsidies/simulator.html", {"form": form, "policy": policy, "result": result})


# --------------------------------------------------------------------------- publicity, ledger, totals

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
    """The 公示 list: approved claims (approved, in publicity, disbursed)."""

    model = Claim
    filterset_class = ClaimFilter
    template_name = "subsidies/publicity.html"
    paginate_by = 50

    def get_base_queryset(self):
        return (
            Claim.objects.filter(status__in=Claim.GRANTED_STATES)
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
    required_roles = ("liaison", "leader")
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
    required_roles = ("liaison", "leader")

    def get(self, request):
        return render(request, "subsidies/totals.html", totals_for(request.user))


CLAIM_HEADERS = [
    "申报编号",
    "申报年度",
    "企业名称",
    "所在县区",
    "技术合同登记编号",
    "计算基数（元）",
    "政策测算金额（元）",
    "申请金额（元）",
    "当前核定金额（元）",
    "批准金额（元）",
    "一事一议",
    "状态",
    "适用政策",
]


def _claims_export(request, qs, *, what, filename):
    rows = [
        [
            c.number,
            c.claim_year,
            c.enterprise.name,
            str(c.enterprise.county or ""),
            c.contract.registration_number,
            c.basis_amount,
            c.computed_amount,
            c.requested_amount,
            c.current_amount,
            c.approved_amount,
            "是" if c.is_exceptional else "否",
            c.status_label(),
            c.policy.document_number,
        ]
        for c in qs
    ]
    return logged_xlsx_export(request, what=what, filename=filename, headers=CLAIM_HEADERS, rows=rows, count=len(rows))


@login_required
def index(request):
    user = request.user
    if user.has_role("enterprise"):
        return redirect("subsidies:claim_list")
    if user.is_bureau or user.is_liaison or user.is_leader:
        return redirect("subsidies:review_queue")
    return redirect(reverse("subsidies:publicity"))
