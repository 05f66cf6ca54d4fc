"""The policy engine: one pure function computes what a claim may receive.

No database access here: the caller passes the policy version (or any object with the same
fields), the basis and, where a policy sets a per-enterprise-per-year cap, what the
enterprise has already been granted that year.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError

from core.inputs import parse_decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class SubsidyResult:
    amount: Decimal  # what the policy allows, 元 to two places
    rate: Decimal
    cap: Decimal  # the cap that applies to this claim (after the per-enterprise-year rule)
    basis: Decimal
    raw: Decimal  # rate × basis, rounded half up to the cent, before the cap
    capped: bool
    exceptional: bool
    explanation: str
    project_claimed: Decimal = Decimal("0.00")  # what other live claims of the project already take
    project_remaining: Decimal | None = None  # the project cap less project_claimed, before this claim


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def yuan(value: Decimal) -> str:
    return f"{value:,.2f} 元"


def percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def compute_subsidy(
    *, policy, basis, exceptional: bool = False, enterprise_year_granted=None, project_claimed=None
) -> SubsidyResult:
    """rate × basis (round half up to 0.01 元), capped by the per-project cap — or, for an
    exceptional (一事一议) claim, by the exceptional cap instead. The project cap is cumulative:
    `project_claimed` is what the project's other live claims (any year) already take, and only
    the rest of the cap remains. When the policy sets a per-enterprise-per-year cap, an ordinary
    claim is also limited to what remains of it.
    A negative or non-numeric basis is refused with ValidationError."""
    try:
        basis = parse_decimal(basis)
    except (ValueError, TypeError):
        raise ValidationError("计算基数必须是数字（单位：元）。") from None
    if basis.copy_abs() >= Decimal(10) ** 12:
        raise ValidationError("计算基数过大：不能超过 999,999,999,999.99 元。")
    if basis < 0:
        raise ValidationError("计算基数不能为负数。")
    basis = money(basis)
    rate = Decimal(policy.rate)
    exact = basis * rate
    raw = money(exact)
    if exceptional:
        cap = money(policy.exceptional_cap)
        cap_text = f"一事一议上限 {yuan(cap)}"
    else:
        cap = money(policy.per_project_cap)
        cap_text = f"单项目上限 {yuan(cap)}"
    claimed = money(project_claimed or 0)
    project_remaining = max(cap - claimed, Decimal("0.00"))
    if claimed > 0:
        cap_text += f"（本项目其他申报已占 {yuan(claimed)}，尚余 {yuan(project_remaining)}）"
        cap = project_remaining
    if not exceptional:
        year_cap = getattr(policy, "per_enterprise_year_cap", None)
        if year_cap is not None:
            granted = money(enterprise_year_granted or 0)
            remaining = max(money(year_cap) - granted, Decimal("0.00"))
            if remaining < cap:
                cap = remaining
                cap_text = (
                    f"每家企业每年上限 {yuan(money(year_cap))}（本年度已获 {yuan(granted)}，尚余 {yuan(remaining)}）"
                )
    amount = min(raw, cap)
    capped = exact > cap
    explanation = f"{yuan(basis)} × {percent(rate)} = {yuan(raw)}"
    if capped:
        explanation += f"，超过{cap_text}，按上限计 {yuan(amount)}"
    else:
        explanation += f"，未超过{cap_text}"
    explanation += f"（依据 {policy.document_number}）。"
    return SubsidyResult(
        amount=amount,
        rate=rate,
        cap=cap,
        basis=basis,
        raw=raw,
        capped=capped,
        exceptional=bool(exceptional),
        explanation=explanation,
        project_claimed=claimed,
        project_remaining=project_remaining,
    )
