"""Claim pages: the enterprise's list, the reviewers' queue, create/edit/detail/transition, proofs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.decorators.http import require_POST

from accounts.roles import Role
from core.exports import logged_xlsx_export
from core.library.pagination import LibraryPaginator
from core.mixins import FilteredListMixin, RoleRequiredMixin
from core.redirects import redirect_next
from core.workflow import TransitionError, transition, workflow_for

from .. import services
from ..filters import ClaimFilter
from ..forms import AttachmentForm, ClaimForm
from ..models import Claim, ClaimAttachment, ContractPayment, PolicyVersion, default_claim_year
from ..queues import review_queue_for
from .rows import CLAIM_ROW_COLUMNS, approved_rows, claim_rows, pending_payment_items, queue_rows

S = Claim.Status
CLAIM_RELATED = ("enterprise", "enterprise__county", "enterprise__industry", "contract", "policy")


# --------------------------------------------------------------------------- claims


class ClaimListView(FilteredListMixin, View):
    model = Claim
    filterset_class = ClaimFilter
    template_name = "subsidies/claim_list.html"
    required_roles = (Role.ENTERPRISE, Role.LIAISON, Role.LEADER)
    paginator_class = LibraryPaginator  # capped count: see core.library.pagination

    exporting = False

    def get_queryset(self):
        if self.exporting:
            return super().get_queryset().select_related(*CLAIM_RELATED)
        return super().get_queryset().select_related("enterprise", "contract").only(*CLAIM_ROW_COLUMNS)

    def prepare_rows(self, rows):
        return claim_rows(rows)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            self.exporting = True
            filterset = self.get_filterset()
            qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
            return _claims_export(request, qs, what="补助申报列表", filename="补助申报列表.xlsx")
        return super().get(request, *args, **kwargs)


class ReviewQueueView(RoleRequiredMixin, View):
    """The reviewer's queue, oldest submission first, 20 a page with a capped count; below it (bureau)
    the approved claims waiting for publicity (the oldest APPROVED_SHOWN of them, with their
    count) and the payments waiting for verification."""

    required_roles = (Role.LIAISON, Role.LEADER)
    paginate_by = 20
    APPROVED_SHOWN = 50

    def get(self, request):
        user = request.user
        queue = review_queue_for(user).select_related(None).select_related("enterprise", "contract")
        paginator = LibraryPaginator(queue.only(*CLAIM_ROW_COLUMNS), self.paginate_by)
        page = paginator.get_page(request.GET.get("page"))
        page.object_list = queue_rows(list(page.object_list))
        payments = approved = approved_paginator = None
        if user.is_bureau:
            payments = pending_payment_items(
                ContractPayment.objects.visible_to(user)
                .filter(status="pending")
                .values_list(
                    "id", "contract_id", "paid_on", "amount", "contract__registration_number", "contract__buyer__name"
                )[:20]
            )
            approved_base = Claim.objects.visible_to(user).filter(status=S.APPROVED)
            approved_qs = approved_base.order_by("approved_at", "id").values_list(
                "id", "number", "approved_amount", "enterprise__name"
            )
            approved_paginator = LibraryPaginator(approved_qs, self.APPROVED_SHOWN, count_from=approved_base)
            approved = approved_rows(approved_paginator.page(1).object_list) if approved_paginator.count else []
        return render(
            request,
            "subsidies/review_queue.html",
            {
                "queue": page.object_list,
                "page_obj": page,
                "paginator": paginator,
                "querystring": "",
                "pending_payments": payments,
                "approved": approved,
                "approved_paginator": approved_paginator,
            },
        )


def _enterprise_required(user):
    if not (user.has_role(Role.ENTERPRISE) and user.organisation_id):
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
    year = default_claim_year()
    context = {"form": form, "policy": PolicyVersion.for_claim_year(year), "policy_year": year}
    context["policies"] = PolicyVersion.objects.order_by("-valid_from")
    return render(request, "subsidies/claim_form.html", context)


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
    workflow = workflow_for(claim)
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
    if user.has_role(Role.ENTERPRISE):
        return redirect("subsidies:claim_list")
    if user.is_bureau or user.is_liaison or user.is_leader:
        return redirect("subsidies:review_queue")
    return redirect(reverse("subsidies:publicity"))
