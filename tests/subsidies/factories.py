"""Contracts, verified payments and claims ready for review, built through the services."""

from datetime import date
from decimal import Decimal
from itertools import count

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.workflow import transition
from subsidies.models import Claim, ContractPayment
from subsidies.services import attachment_add, claim_create, contract_create, payment_create

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"

_numbers = count(1)


def pdf(name="proof.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def last_year() -> int:
    return timezone.localdate().year - 1


def make_contract(user, *, transaction_amount="1000000.00", contract_amount=None, registered=True, **kwargs):
    n = next(_numbers)
    year = last_year()
    fields = dict(
        user=user,
        registration_number=f"41080{year}{n:06d}",
        name=f"高性能齿轮热处理工艺技术转让{n}",
        contract_type="transfer",
        buyer=user.organisation,
        seller_name="中国科学院金属研究所",
        contract_amount=contract_amount or transaction_amount,
        transaction_amount=transaction_amount,
        signed_on=date(year, 1, 10),
        registered_on=date(year, 1, 20) if registered else None,
    )
    fields.update(kwargs)
    return contract_create(**fields)


def make_payment(contract, user, verifier=None, *, amount=None, paid_on=None, verified_amount=None):
    payment = payment_create(
        user=user,
        contract=contract,
        paid_on=paid_on or date(last_year(), 3, 15),
        amount=amount or contract.transaction_amount,
        invoice_number=f"FP{next(_numbers):08d}",
        invoice_contract_reference=f"合同登记编号 {contract.registration_number}",
        voucher=pdf("转账凭证.pdf"),
        invoice=pdf("发票.pdf"),
    )
    if verifier is not None:
        data = {"amount": str(verified_amount)} if verified_amount else {}
        transition(payment, ContractPayment.Status.VERIFIED, verifier, "凭证与发票一致", data)
    return payment


def attach_required(claim, user):
    for kind in ("contract", "registration", "invoice", "voucher"):
        attachment_add(claim=claim, user=user, kind=kind, upload=pdf(f"{kind}.pdf"))


def make_claim(user, verifier, *, transaction_amount="1000000.00", exceptional=False, attach=True, **kwargs):
    """A draft claim with a verified payment and every required attachment."""
    contract = make_contract(user, transaction_amount=transaction_amount)
    make_payment(contract, user, verifier)
    claim = claim_create(
        user=user,
        contract=contract,
        claim_year=last_year(),
        is_exceptional=exceptional,
        exceptional_justification="填补省内空白，带动产值过亿元" if exceptional else "",
        **kwargs,
    )
    if attach:
        attach_required(claim, user)
    return claim


def advance(claim, *steps):
    """steps: (user, to[, data]) — run transitions in order and return the fresh claim."""
    for step in steps:
        user, to, *rest = step
        transition(claim, to, user, "同意", rest[0] if rest else None)
    return Claim.objects.get(pk=claim.pk)


def amount(value) -> Decimal:
    return Decimal(value)
