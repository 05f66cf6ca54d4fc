"""Table rows of the subsidy list pages, written in Python as Django admin's change list writes its
cells (format_html escapes every value): a template costs a node per cell, 20 rows a page. The
markup is what the templates wrote before, cell for cell (same columns, badges, links)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from accounts.models import County
from core.reference import reference_by_id

from ..models import Claim, ContractPayment, TechContract
from ..templatetags.subsidy_money import money

S = Claim.Status
EXCEPTIONAL = mark_safe(' <span class="badge text-bg-light">一事一议</span>')
CLAIM_BADGES = {
    S.APPROVED: "text-bg-success",
    S.PUBLICIZED: "text-bg-success",
    S.DISBURSED: "text-bg-success",
    S.RETURNED: "text-bg-warning",
    S.REJECTED: "text-bg-dark",
    S.DRAFT: "text-bg-secondary",
}
CLAIM_LABELS = dict(S.choices)

# The columns the claim rows read (for `.only()`).
CLAIM_ROW_COLUMNS = (
    "id",
    "number",
    "is_exceptional",
    "claim_year",
    "basis_amount",
    "current_amount",
    "status",
    "return_reason",
    "submitted_at",
    "enterprise__name",
    "enterprise__county_id",
    "contract__name",
    "contract__registration_number",
)


def claim_status_badge(claim) -> str:
    """subsidies/_status.html."""
    return format_html(
        '<span class="badge {}" data-status="{}">{}</span>',
        CLAIM_BADGES.get(claim.status, "text-bg-info"),
        claim.status,
        CLAIM_LABELS.get(claim.status, claim.status),
    )


def _base(prefix: str) -> str:
    return reverse(prefix, args=[0])[: -len("0/")]


CLAIM_ROW = (
    '<tr><td><a class="text-nowrap" href="{url}">{number}</a>{exceptional}'
    '<div class="small text-muted d-md-none text-truncate cell-sub">{enterprise} · {year} 年度</div>'
    '<div class="small d-md-none">{amount} 元</div></td>'
    '<td class="p-md">{enterprise}<div class="small text-muted text-nowrap">{county}</div></td>'
    '<td class="p-lg">{contract}<div class="small text-muted">{registration}</div></td>'
    '<td class="p-md">{year}</td><td class="text-end p-lg">{basis}</td>'
    '<td class="text-end text-nowrap p-md">{amount}</td>'
    '<td class="text-nowrap">{badge}{returned}</td></tr>'
)


def claim_rows(claims: list) -> list:
    """The rows of the claim list (subsidies/claim_list.html)."""
    detail = _base("subsidies:claim_detail")
    counties = reference_by_id(County)
    rows = []
    for c in claims:
        county = counties.get(c.enterprise.county_id)
        returned = ""
        if c.status == S.RETURNED:
            returned = format_html('<div class="small text-danger">{}</div>', Truncator(c.return_reason).chars(40))
        rows.append(
            format_html(
                CLAIM_ROW,
                url=f"{detail}{c.pk}/",
                number=c.number,
                exceptional=EXCEPTIONAL if c.is_exceptional else "",
                enterprise=c.enterprise.name,
                county=county.name if county else "",
                year=c.claim_year,
                amount=money(c.current_amount),
                contract=c.contract.name,
                registration=c.contract.registration_number,
                basis=money(c.basis_amount),
                badge=claim_status_badge(c),
                returned=returned,
            )
        )
    return rows


QUEUE_ROW = (
    '<tr><td><a class="text-nowrap" href="{url}">{number}</a>{exceptional}'
    '<div class="small text-muted d-md-none text-truncate cell-sub">{enterprise}</div>'
    '<div class="small d-md-none">{amount} 元</div></td><td class="p-md">{enterprise}</td>'
    '<td class="p-lg text-nowrap">{county}</td>'
    '<td class="p-lg">{contract}</td><td class="text-end text-nowrap p-md">{amount}</td>'
    '<td class="text-nowrap">{badge}</td><td class="p-lg">{submitted}</td></tr>'
)


def queue_rows(claims: list) -> list:
    """The rows of the review queue (subsidies/review_queue.html)."""
    detail = _base("subsidies:claim_detail")
    counties = reference_by_id(County)
    rows = []
    for c in claims:
        county = counties.get(c.enterprise.county_id)
        submitted = timezone.localtime(c.submitted_at).strftime("%Y-%m-%d %H:%M") if c.submitted_at else ""
        rows.append(
            format_html(
                QUEUE_ROW,
                url=f"{detail}{c.pk}/",
                number=c.number,
                exceptional=EXCEPTIONAL if c.is_exceptional else "",
                enterprise=c.enterprise.name,
                amount=money(c.current_amount),
                county=county.name if county else "—",
                contract=c.contract.name,
                badge=claim_status_badge(c),
                submitted=submitted,
            )
        )
    return rows


APPROVED_ROW = (
    '<tr><td><input type="checkbox" class="form-check-input" name="claim" value="{pk}" checked></td>'
    '<td><a href="{url}">{number}</a></td><td>{enterprise}</td><td class="text-end">{amount}</td></tr>'
)


def approved_rows(claims) -> list:
    """The approved claims waiting for publicity, below the bureau's queue: rows of
    (id, number, approved amount, enterprise name)."""
    detail = _base("subsidies:claim_detail")
    return [
        format_html(APPROVED_ROW, pk=pk, url=f"{detail}{pk}/", number=number, enterprise=name, amount=money(amount))
        for pk, number, amount, name in claims
    ]


CONTRACT_LABELS = dict(TechContract.Status.choices)
PAYMENT_LABELS = dict(ContractPayment.Status.choices)


PENDING_PAYMENT = '<li><a href="{url}#payment-{pk}">{buyer} · {registration} · {paid_on} · {amount} 元</a></li>'


def pending_payment_items(payments) -> list:
    """The payments waiting for verification, below the bureau's queue: rows of
    (id, contract id, paid on, amount, registration number, buyer name)."""
    contract = _base("subsidies:contract_detail")
    return [
        format_html(
            PENDING_PAYMENT,
            url=f"{contract}{contract_id}/",
            pk=pk,
            buyer=buyer,
            registration=registration,
            paid_on=paid_on.isoformat() if paid_on else "",
            amount=money(amount),
        )
        for pk, contract_id, paid_on, amount, registration, buyer in payments
    ]
