"""Table rows of the subsidy list pages, written in Python as Django admin's change list writes its
cells (format_html escapes every value): a template costs a node per cell, 20 rows a page. The
markup is what the templates wrote before, cell for cell (same columns, badges, links)."""

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from accounts.models import County
from core.html import html_row, truncate
from core.links import id_prefix
from core.reference import reference_row

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
    return html_row(
        '<span class="badge {badge}" data-status="{status}">{label}</span>',
        badge=CLAIM_BADGES.get(claim.status, "text-bg-info"),
        status=claim.status,
        label=CLAIM_LABELS.get(claim.status, claim.status),
    )


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
    detail = id_prefix("subsidies:claim_detail")
    rows = []
    for c in claims:
        county = reference_row(County, c.enterprise.county_id)
        returned = ""
        if c.status == S.RETURNED:
            returned = html_row('<div class="small text-danger">{reason}</div>', reason=truncate(c.return_reason, 40))
        rows.append(
            html_row(
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
    detail = id_prefix("subsidies:claim_detail")
    rows = []
    for c in claims:
        county = reference_row(County, c.enterprise.county_id)
        submitted = timezone.localtime(c.submitted_at).strftime("%Y-%m-%d %H:%M") if c.submitted_at else ""
        rows.append(
            html_row(
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
    detail = id_prefix("subsidies:claim_detail")
    return [
        html_row(APPROVED_ROW, pk=pk, url=f"{detail}{pk}/", number=number, enterprise=name, amount=money(amount))
        for pk, number, amount, name in claims
    ]


CONTRACT_LABELS = dict(TechContract.Status.choices)
CONTRACT_TYPES = dict(TechContract.ContractType.choices)
PAYMENT_LABELS = dict(ContractPayment.Status.choices)

# --------------------------------------------------------------------------- contracts

CONTRACT_ROW_COLUMNS = (
    "id",
    "registration_number",
    "name",
    "contract_type",
    "seller_name",
    "transaction_amount",
    "registered_on",
    "is_related_party",
    "status",
    "buyer__name",
)
CONTRACT_ROW = (
    '<tr><td><a href="{url}">{registration}</a></td><td>{name}</td><td>{kind}</td><td>{buyer}</td><td>{seller}</td>'
    '<td class="text-end">{amount}</td><td class="text-end">{paid}</td>'
    "<td>{registered}{related} {status}</td></tr>"
)
REGISTERED = mark_safe('<span class="badge text-bg-success">已登记</span>')
UNREGISTERED = mark_safe('<span class="badge text-bg-warning">未登记</span>')
RELATED = mark_safe(' <span class="badge text-bg-dark">关联交易</span>')


def contract_rows(contracts: list) -> list:
    """The rows of the contract list (subsidies/contract_list.html)."""
    detail = id_prefix("subsidies:contract_detail")
    return [
        html_row(
            CONTRACT_ROW,
            url=f"{detail}{c.pk}/",
            registration=c.registration_number,
            name=c.name,
            kind=CONTRACT_TYPES.get(c.contract_type, c.contract_type),
            buyer=c.buyer.name,
            seller=c.seller_name,
            amount=money(c.transaction_amount),
            paid=money(c.paid or 0),
            registered=REGISTERED if c.registered_on else UNREGISTERED,
            related=RELATED if c.is_related_party else "",
            status=html_row(
                '<span class="badge {badge}">{label}</span>',
                badge="text-bg-success" if c.is_counted else "text-bg-secondary",
                label=CONTRACT_LABELS.get(c.status, c.status),
            ),
        )
        for c in contracts
    ]


# --------------------------------------------------------------------------- payments

PAYMENT_ROW = (
    '<tr><td>{buyer}</td><td><a href="{contract_url}">{registration}</a></td><td>{paid_on}</td>'
    '<td class="text-end">{amount}</td>'
    '<td>{invoice}<div class="small text-muted">{reference}</div></td>'
    '<td><a href="{files}voucher/">转账凭证</a> · <a href="{files}invoice/">发票</a></td>'
    "<td>{status}{verified}</td><td>{actions}</td></tr>"
)
# subsidies/_payment_actions.html, for the bureau
VERIFY_FORMS = (
    '<form method="post" action="{action}" class="d-flex gap-1 align-items-center">{csrf}'
    '<input type="hidden" name="to" value="verified"><input type="hidden" name="next" value="{next}">'
    '<input class="form-control form-control-sm w-9rem" name="amount" value="{amount}" title="核实金额">'
    '<button class="btn btn-sm btn-success">核实通过</button></form>'
    '<form method="post" action="{action}" class="d-flex gap-1 mt-1">{csrf}'
    '<input type="hidden" name="to" value="rejected"><input type="hidden" name="next" value="{next}">'
    '<input class="form-control form-control-sm" name="comment" placeholder="不通过原因" required>'
    '<button class="btn btn-sm btn-outline-danger">不通过</button></form>'
)
UNVERIFY_FORM = (
    '<form method="post" action="{action}" class="d-flex gap-1">{csrf}'
    '<input type="hidden" name="to" value="pending"><input type="hidden" name="next" value="{next}">'
    '<input class="form-control form-control-sm" name="comment" placeholder="撤销原因" required>'
    '<button class="btn btn-sm btn-outline-secondary">撤销核实</button></form>'
)
PAYMENT_ROW_COLUMNS = (
    "id",
    "contract_id",
    "paid_on",
    "amount",
    "invoice_number",
    "invoice_contract_reference",
    "status",
    "verified_amount",
    "contract__registration_number",
    "contract__buyer__name",
)


def payment_rows(payments: list, request) -> list:
    """The rows of the payment list (subsidies/payment_list.html), with the bureau's actions."""
    from django.middleware.csrf import get_token

    contract = id_prefix("subsidies:contract_detail")
    files = id_prefix("subsidies:payment_file", "voucher")
    transition_url = id_prefix("subsidies:payment_transition")
    bureau = request.user.is_bureau
    csrf = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
    here = request.get_full_path()
    rows = []
    for p in payments:
        actions = ""
        if bureau:
            template = VERIFY_FORMS if p.status == ContractPayment.Status.PENDING else UNVERIFY_FORM
            actions = html_row(
                template, action=f"{transition_url}{p.pk}/transition/", csrf=csrf, next=here, amount=p.amount
            )
        rows.append(
            html_row(
                PAYMENT_ROW,
                buyer=p.contract.buyer.name,
                contract_url=f"{contract}{p.contract_id}/",
                registration=p.contract.registration_number,
                paid_on=p.paid_on.isoformat() if p.paid_on else "",
                amount=money(p.amount),
                invoice=p.invoice_number,
                reference=p.invoice_contract_reference,
                files=f"{files}{p.pk}/",
                status=PAYMENT_LABELS.get(p.status, p.status),
                verified=html_row("：{amount}", amount=money(p.verified_amount)) if p.verified_amount else "",
                actions=actions,
            )
        )
    return rows


PENDING_PAYMENT = '<li><a href="{url}#payment-{pk}">{buyer} · {registration} · {paid_on} · {amount} 元</a></li>'


def pending_payment_items(payments) -> list:
    """The payments waiting for verification, below the bureau's queue: rows of
    (id, contract id, paid on, amount, registration number, buyer name)."""
    contract = id_prefix("subsidies:contract_detail")
    return [
        html_row(
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
