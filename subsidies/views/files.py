"""Streaming the private proof files (attachments, vouchers, invoices) to users who may see them."""

import mimetypes

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from ..models import Claim, ClaimAttachment, ContractPayment


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
