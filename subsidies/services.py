"""Multi-step operations of the subsidies app, called by pages, API, other apps and demo data."""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from accounts.models import Organisation
from accounts.roles import Role
from achievements.models import Achievement
from core.inputs import parse_date_or_none, parse_money
from core.notifications import notify_many
from core.registry import refusal_for
from core.uploads import check_upload
from core.workflow import transition

from .forms import ContractTextForm, PaymentTextForm, text_errors
from .models import Claim, ClaimAttachment, ClaimPayment, ContractPayment, PolicyVersion, TechContract
from .policy import SubsidyResult, compute_subsidy


def may_record_contract(user, buyer: Organisation, seller: Organisation | None) -> bool:
    """Parties in the caller's own scope: the bureau records any contract; a liaison one whose
    buyer is in its county; an enterprise user one its unit buys or sells; an institute user one
    its unit sells. Nobody else, and never for two other units."""
    if user.is_bureau:
        return True
    if user.is_liaison and user.county_id and buyer.county_id == user.county_id:
        return True
    org_id = user.organisation_id
    if not org_id:
        return False
    is_seller = seller is not None and org_id == seller.pk
    if user.has_role(Role.ENTERPRISE) and (org_id == buyer.pk or is_seller):
        return True
    return user.has_role(Role.INSTITUTE) and is_seller


def recorded_by_buyer(user, contract: TechContract) -> bool:
    return user.has_role(Role.ENTERPRISE) and user.organisation_id == contract.buyer_id


# Fields a contract's rules look at; contract_update() re-checks them all on any change.
CONTRACT_RULE_FIELDS = (
    "registration_number",
    "name",
    "contract_type",
    "seller",
    "seller_name",
    "contract_amount",
    "transaction_amount",
    "signed_on",
    "registered_on",
    "is_related_party",
    "related_party_declaration",
)


def duplicate_number_error(registration_number: str, *, exclude_pk=None, user=None) -> str | None:
    """A registration number already in use (a disputed contract frees its number). The answer
    names the contract only to someone who may see it: another unit's contract stays unnamed,
    and the message is the same one a mistyped number gets, so it reveals no other unit's data."""
    taken = (
        TechContract.objects.exclude(pk=exclude_pk)
        .exclude(status=TechContract.Status.DISPUTED)
        .filter(registration_number__iexact=registration_number)
    )
    if not taken.exists():
        return None
    if user is not None and (mine := taken.filter(pk__in=TechContract.objects.visible_to(user)).first()):
        return f"该技术合同登记编号已录入（{mine.name}），不能重复登记。"
    return "该技术合同登记编号不能录入，不能重复登记。请核对编号；如确为贵单位的合同而被他人录入，请联系市科技局核实。"


def contract_clean(
    *,
    buyer: Organisation,
    registration_number: str,
    name: str,
    contract_type: str,
    seller: Organisation | None = None,
    seller_name: str = "",
    contract_amount,
    transaction_amount,
    signed_on: date,
    registered_on: date | None = None,
    is_related_party: bool = False,
    related_party_declaration: str = "",
    exclude_pk: int | None = None,
    user=None,
) -> dict:
    """The rules of a technology contract, for recording and for changing one.

    Returns the cleaned values or raises ValidationError with a Chinese message per field.
    `exclude_pk` is the contract being changed (its own registration number is no duplicate);
    `user` who asks (a duplicate of a contract they cannot see is not described to them).
    """
    errors: dict[str, str] = {}
    registration_number = (registration_number or "").strip()
    name = (name or "").strip()
    if not registration_number:
        errors["registration_number"] = "请填写技术合同登记编号。"
    elif duplicate_number_error(registration_number, exclude_pk=exclude_pk, user=user):
        errors["registration_number"] = duplicate_number_error(registration_number, exclude_pk=exclude_pk, user=user)
    if not name:
        errors["name"] = "请填写合同名称。"
    if contract_type not in TechContract.ContractType.values:
        errors["contract_type"] = "合同类型须为技术开发、技术转让、技术许可、技术服务或技术咨询之一。"
    if buyer.kind != Organisation.Kind.ENTERPRISE or buyer.county_id is None:
        errors["buyer"] = "受让方须为本市（已登记所在县区的）企业。"
    if seller is not None and seller.pk == buyer.pk:
        errors["seller"] = "出让方与受让方不能是同一单位。"
    seller_name = (seller_name or "").strip() or (seller.name if seller is not None else "")
    if not seller_name:
        errors["seller_name"] = "请选择或填写出让方单位。"
    amounts = {}
    for field, label, value in (
        ("contract_amount", "合同金额", contract_amount),
        ("transaction_amount", "技术交易额", transaction_amount),
    ):
        try:
            amounts[field] = parse_money(value, field, label)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
        else:
            if amounts[field] <= 0:
                errors[field] = f"{label}必须大于零。"
    if (
        "contract_amount" not in errors
        and "transaction_amount" not in errors
        and amounts["transaction_amount"] > amounts["contract_amount"]
    ):
        errors["transaction_amount"] = "技术交易额不能大于合同金额。"
    today = timezone.localdate()
    if not isinstance(signed_on, date):
        errors["signed_on"] = "请填写签订日期。"
    elif signed_on > today:
        errors["signed_on"] = "签订日期不能晚于今天。"
    if registered_on is not None:
        if registered_on > today:
            errors["registered_on"] = "登记日期不能晚于今天。"
        elif isinstance(signed_on, date) and registered_on < signed_on:
            errors["registered_on"] = "登记日期不能早于签订日期。"
    if is_related_party and not (related_party_declaration or "").strip():
        errors["related_party_declaration"] = "存在关联关系时请填写关联关系说明。"
    text = {"registration_number": registration_number, "name": name, "seller_name": seller_name}
    for field, message in text_errors(ContractTextForm, text).items():
        errors.setdefault(field, message)
    if errors:
        raise ValidationError(errors)
    return dict(
        registration_number=registration_number,
        name=name,
        contract_type=contract_type,
        seller=seller,
        seller_name=seller_name,
        contract_amount=amounts["contract_amount"],
        transaction_amount=amounts["transaction_amount"],
        signed_on=signed_on,
        registered_on=registered_on,
        is_related_party=is_related_party,
        related_party_declaration=(related_party_declaration or "").strip(),
    )


def contract_create(
    *,
    user,
    registration_number: str,
    name: str,
    contract_type: str,
    buyer: Organisation,
    seller: Organisation | None = None,
    seller_name: str = "",
    contract_amount,
    transaction_amount,
    signed_on: date,
    registered_on: date | None = None,
    achievement=None,
    seller_outside_city: bool | None = None,
    seller_outside_province: bool | None = None,
    is_related_party: bool = False,
    related_party_declaration: str = "",
) -> TechContract:
    """Validate and record a technology contract (Chinese ValidationError messages)."""
    if not may_record_contract(user, buyer, seller):
        raise PermissionDenied("您无权为该企业录入技术合同。")
    for party, key in ((buyer, "buyer"), (seller, "seller")):
        if refusal := refusal_for(party, "登记技术合同"):
            raise ValidationError({key: refusal})
    fields = contract_clean(
        user=user,
        buyer=buyer,
        registration_number=registration_number,
        name=name,
        contract_type=contract_type,
        seller=seller,
        seller_name=seller_name,
        contract_amount=contract_amount,
        transaction_amount=transaction_amount,
        signed_on=signed_on,
        registered_on=registered_on,
        is_related_party=is_related_party,
        related_party_declaration=related_party_declaration,
    )
    if seller_outside_city is None:
        seller_outside_city = seller is None or seller.county_id is None
    if seller_outside_province is None:
        seller_outside_province = bool(seller is not None and seller.location and "河南" not in seller.location)
    fields.update(
        buyer=buyer,
        seller_outside_city=seller_outside_city,
        seller_outside_province=seller_outside_province,
        created_by=user if user.is_authenticated else None,
    )
    if achievement is not None and _has_field(TechContract, "achievement"):
        fields["achievement"] = achievement
    try:
        with transaction.atomic():
            contract = TechContract(**fields)
            contract._change_reason = "录入技术合同"
            contract.save()
            # The buyer's own entry is its confirmation; the bureau's is its verification. Anyone
            # else's waits for the buyer (or the bureau) before a claim may rest on it.
            if user.is_bureau:
                transition(contract, TechContract.Status.VERIFIED, user, "市科技局录入并核实")
            elif recorded_by_buyer(user, contract):
                transition(contract, TechContract.Status.CONFIRMED, user, "受让方录入即确认")
            transaction.on_commit(lambda: notify_contract_recorded(contract, user))
    except IntegrityError:  # the same number recorded at the same moment
        raise ValidationError({"registration_number": duplicate_number_error(registration_number)}) from None
    return contract


def contract_parties(contract):
    """Users of both parties (buyer enterprise, seller unit) and whoever recorded the contract."""
    users = get_user_model().objects.filter(is_active=True)
    org_ids = [pk for pk in (contract.buyer_id, contract.seller_id) if pk]
    return users.filter(organisation_id__in=org_ids).union(users.filter(pk=contract.created_by_id))


def notify_contract_recorded(contract, user) -> None:
    """Tell the other party a contract naming them was recorded (and what the buyer must do)."""
    others = [u for u in contract_parties(contract) if u.pk != user.pk]
    body = f"{contract.name}（{contract.registration_number}）由{user.organisation or user}录入。"
    if contract.status == TechContract.Status.RECORDED:
        body += "受让方确认或市科技局核实后方可用于申报补助；如非贵单位合同，请在合同页面选择“否认”。"
    notify_many(others, "subsidy_contract_recorded", contract, title=f"技术合同录入：{contract.name}", body=body)


def contract_update(*, user, contract: TechContract, **changes) -> TechContract:
    """Change a recorded contract: the same rules as recording it, checked on the merged values."""
    if not may_record_contract(user, contract.buyer, contract.seller):
        raise PermissionDenied("您无权修改该技术合同。")
    if contract.status == TechContract.Status.DISPUTED:
        raise PermissionDenied("受让方已否认该合同，不能再修改。")
    if contract.status != TechContract.Status.RECORDED and not (user.is_bureau or recorded_by_buyer(user, contract)):
        raise PermissionDenied("合同已经确认或核实，只有受让方企业或市科技局可以修改。")
    if "seller" in changes and not may_record_contract(user, contract.buyer, changes["seller"]):
        raise PermissionDenied("您无权将该合同的出让方改为其他单位。")
    values = {field: changes.get(field, getattr(contract, field)) for field in CONTRACT_RULE_FIELDS}
    cleaned = contract_clean(buyer=contract.buyer, exclude_pk=contract.pk, user=user, **values)
    for field, value in cleaned.items():
        setattr(contract, field, value)
    for field in ("seller_outside_city", "seller_outside_province", "achievement"):
        if field in changes:
            setattr(contract, field, changes[field])
    with transaction.atomic():
        contract._change_reason = "修改技术合同"
        contract.save()
    return contract


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


# --------------------------------------------------------------------------- files

PROOF_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def proof_max_bytes() -> int:
    from django.conf import settings

    return getattr(settings, "SUBSIDY_PROOF_MAX_BYTES", 10 * 1024 * 1024)


def validate_proof_file(upload, label: str = "文件") -> str:
    """PDF/JPG/PNG recognised by content (not by name), within the size limit. Returns the MIME type."""
    found = check_upload(
        upload,
        allowed=set(PROOF_TYPES.values()),
        allowed_text="PDF、JPG、PNG 格式",
        label=label,
        max_bytes=proof_max_bytes(),
    )
    original = getattr(upload, "name", "") or "file"
    stem = original.rsplit(".", 1)[0] if "." in original else original
    upload.name = f"{stem[:80]}.{found}"
    return next(mime for mime, extension in PROOF_TYPES.items() if extension == found)


# --------------------------------------------------------------------------- payments


def payment_create(
    *,
    user,
    contract: TechContract,
    paid_on: date,
    amount,
    invoice_number: str,
    invoice_contract_reference: str,
    voucher,
    invoice,
) -> ContractPayment:
    """Record a payment under a contract; its proofs are checked by content and stored privately."""
    if not (user.is_bureau or (user.has_role(Role.ENTERPRISE) and user.organisation_id == contract.buyer_id)):
        raise PermissionDenied("只有受让方企业或市科技局可以录入支付记录。")
    errors: dict[str, str] = {}
    try:
        amount = parse_money(amount, "amount", "支付金额")
        if amount <= 0:
            errors["amount"] = "支付金额必须大于零。"
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    paid_on = parse_date_or_none(paid_on)
    if paid_on is None:
        errors["paid_on"] = "请填写支付日期。"
    elif paid_on > timezone.localdate():
        errors["paid_on"] = "支付日期不能晚于今天。"
    elif paid_on < contract.signed_on:
        errors["paid_on"] = "支付日期不能早于合同签订日期。"
    invoice_number = (invoice_number or "").strip()
    if not invoice_number:
        errors["invoice_number"] = "请填写发票号码。"
    elif contract.payments.filter(invoice_number=invoice_number).exists():
        errors["invoice_number"] = "该发票号码已在本合同下录入。"
    reference = (invoice_contract_reference or "").strip()
    if not reference:
        errors["invoice_contract_reference"] = "请填写发票备注栏所载的合同名称或登记编号。"
    elif contract.registration_number not in reference and contract.name not in reference:
        errors["invoice_contract_reference"] = "发票须注明本合同：备注栏应包含合同名称或技术合同登记编号。"
    if "amount" not in errors and (over := _payments_exceed_contract(contract, amount)):
        errors["amount"] = over
    text = {"invoice_number": invoice_number, "invoice_contract_reference": reference}
    for field, message in text_errors(PaymentTextForm, text).items():
        errors.setdefault(field, message)
    for field, label, upload in (("voucher", "银行转账凭证", voucher), ("invoice", "发票", invoice)):
        try:
            validate_proof_file(upload, label)
        except ValidationError as exc:
            errors[field] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    payment = ContractPayment(
        contract=contract,
        paid_on=paid_on,
        amount=amount,
        invoice_number=invoice_number,
        invoice_contract_reference=reference,
        voucher=voucher,
        voucher_name=voucher.name,
        invoice=invoice,
        invoice_name=invoice.name,
        created_by=user,
    )
    payment._change_reason = "录入支付记录"
    with transaction.atomic():
        # Checked again under the contract's lock: two payments recorded at once stay within it.
        lock_project(contract)
        if over := _payments_exceed_contract(contract, amount):
            raise ValidationError({"amount": over})
        payment.save()
    return payment


def _payments_exceed_contract(contract: TechContract, amount: Decimal) -> str | None:
    live = contract.payments.exclude(status=ContractPayment.Status.REJECTED)
    paid = live.aggregate(s=Sum("amount"))["s"] or Decimal("0")
    if paid + amount > contract.contract_amount:
        return f"累计支付金额将超过合同金额（已录入 {paid:,.2f} 元，合同金额 {contract.contract_amount:,.2f} 元）。"
    return None


# --------------------------------------------------------------------------- claims


def eligible_payments(contract: TechContract, claim_year: int, policy: PolicyVersion, claim: Claim | None = None):
    """Verified payments the policy's basis rule counts, not already counted by another live claim."""
    qs = contract.payments.filter(status=ContractPayment.Status.VERIFIED)
    if policy.basis_rule == PolicyVersion.BasisRule.PAID_IN_YEAR:
        qs = qs.filter(paid_on__year=claim_year)
    taken = ClaimPayment.objects.filter(is_active=True)
    if claim is not None:
        taken = taken.exclude(claim=claim)
    return qs.exclude(pk__in=taken.values("payment_id")).order_by("paid_on", "id")


def contract_remaining_basis(contract: TechContract, claim: Claim | None = None) -> Decimal:
    """The transaction amount not yet used as a basis by other live claims of the contract."""
    others = contract.claims.exclude(status=Claim.Status.REJECTED)
    if claim is not None:
        others = others.exclude(pk=claim.pk)
    used = others.aggregate(s=Sum("basis_amount"))["s"] or Decimal("0")
    return max(contract.transaction_amount - used, Decimal("0.00"))


# --------------------------------------------------------------------------- the project and its cap
# "每项…最高不超过100万元" is a cap per project: one contract and the achievement it transfers.
# Every live claim of the project (any year, not rejected) takes its current amount out of it.


def project_claims(contract: TechContract, exclude: Claim | None = None):
    """The live claims of the contract's project: the contract's own and, when it transfers a
    recorded achievement, those of every other contract transferring the same achievement."""
    same = Q(contract_id=contract.pk)
    if contract.achievement_id:
        same |= Q(contract__achievement_id=contract.achievement_id)
    qs = Claim.objects.filter(same).exclude(status=Claim.Status.REJECTED)
    if exclude is not None and exclude.pk:
        qs = qs.exclude(pk=exclude.pk)
    return qs


def project_claimed(contract: TechContract, exclude: Claim | None = None) -> Decimal:
    """What the project's other live claims already take of the cap (their current amounts)."""
    return project_claims(contract, exclude).aggregate(s=Sum("current_amount"))["s"] or Decimal("0.00")


def project_cap(policy: PolicyVersion, exceptional: bool) -> Decimal:
    return policy.exceptional_cap if exceptional else policy.per_project_cap


def project_room(claim: Claim, claimed: Decimal | None = None) -> Decimal:
    """What the project cap leaves for this claim once its project's other live claims are counted."""
    if claimed is None:
        claimed = project_claimed(claim.contract, exclude=claim)
    return max(project_cap(claim.policy, claim.is_exceptional) - claimed, Decimal("0.00"))


def lock_project(contract: TechContract) -> None:
    """Lock the contract's and its achievement's rows until the transaction ends, so two claims
    of one project (or a claim and an approval) cannot both see the same remaining room or basis.
    Call inside transaction.atomic(); a no-op lock on SQLite, which serialises writers anyway."""
    TechContract.objects.select_for_update().filter(pk=contract.pk).values_list("pk", flat=True).first()
    if contract.achievement_id:
        Achievement.objects.select_for_update().filter(pk=contract.achievement_id).values_list("pk").first()


def enterprise_year_granted(enterprise_id: int, claim_year: int, exclude: Claim | None = None) -> Decimal:
    qs = Claim.objects.granted().filter(enterprise_id=enterprise_id, claim_year=claim_year)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.aggregate(s=Sum("approved_amount"))["s"] or Decimal("0")


def claim_limit(claim: Claim, *, granted: Decimal | None = None, claimed: Decimal | None = None) -> SubsidyResult:
    """What the claim's policy allows for its stored basis, given the enterprise's other grants
    (`granted`, `claimed`: those sums when a list page has read them for all its rows)."""
    if granted is None:
        granted = enterprise_year_granted(claim.enterprise_id, claim.claim_year, exclude=claim)
    if claimed is None:
        claimed = project_claimed(claim.contract, exclude=claim)
    return compute_subsidy(
        policy=claim.policy,
        basis=claim.basis_amount,
        exceptional=claim.is_exceptional,
        enterprise_year_granted=granted,
        project_claimed=claimed,
    )


def simulate(*, user, basis_amount, exceptional: bool = False, contract_id=None) -> tuple[PolicyVersion, SubsidyResult]:
    """The simulator (page and API): what the policy in force grants for a basis amount and,
    for one of the caller's contracts, what remains of that project's cumulative cap."""
    from core.inputs import parse_id

    from .models import default_claim_year

    policy = PolicyVersion.for_claim_year(default_claim_year())
    if policy is None:
        raise ValidationError({"basis_amount": "本年度申报（上一年度的支付）没有适用的补助政策。"})
    basis = parse_money(basis_amount, "basis_amount", "计算基数")
    claimed = None
    if contract_id not in (None, ""):
        contract = TechContract.objects.visible_to(user).filter(pk=parse_id(contract_id)).first()
        if contract is None:
            raise ValidationError({"contract": "技术合同不存在或不在您的查看范围内。"})
        claimed = project_claimed(contract)
    result = compute_subsidy(policy=policy, basis=basis, exceptional=exceptional, project_claimed=claimed)
    return policy, result


ASK = object()


def claim_eligibility_problems(enterprise: Organisation, contract: TechContract, *, refusal=ASK) -> list[str]:
    problems = []
    if refusal is ASK:
        refusal = refusal_for(enterprise, "申报补助")
    if refusal:
        problems.append(refusal)
    if contract.buyer_id != enterprise.pk:
        problems.append("只能以合同受让方企业的名义申报。")
    if contract.is_related_party:
        problems.append("关联交易的技术合同不能申报成果转化补助。")
    if not contract.is_registered:
        problems.append("技术合同尚未在全国技术合同登记系统登记，不能申报补助。")
    if not contract.is_counted:
        problems.append("技术合同尚未经受让方确认或市科技局核实，不能申报补助。")
    return problems


def claim_submit_problems(claim: Claim) -> list[str]:
    """Everything that must be true before a claim goes to review (checked again on every submit).
    On a list page the facts read for all its rows stand in for the queries (same answers:
    subsidies.workflow.load_page_facts, tests/subsidies/test_list_transitions.py)."""
    facts = claim.__dict__.get("_workflow_facts")
    ready = facts.submit if facts is not None else None
    if ready is not None:
        refusal = facts.refusals.get(claim.enterprise, "申报补助")
        problems = claim_eligibility_problems(claim.enterprise, claim.contract, refusal=refusal)
        present = ready.kinds
        active = [status for _pid, is_active, status in facts.links if is_active]
        no_links = not active
        unverified = any(status != ContractPayment.Status.VERIFIED for status in active)
    else:
        problems = claim_eligibility_problems(claim.enterprise, claim.contract)
        present = set(claim.attachments.values_list("kind", flat=True))
        links = claim.payment_links.filter(is_active=True)
        no_links = not links.exists()
        unverified = not no_links and links.exclude(payment__status=ContractPayment.Status.VERIFIED).exists()
    missing = [ClaimAttachment.Kind(k).label for k in ClaimAttachment.REQUIRED if k not in present]
    if missing:
        problems.append("请上传必备材料：" + "、".join(missing) + "。")
    if no_links:
        problems.append("没有计入任何经核实的支付记录，不能提交。")
    elif unverified:
        problems.append("计入的支付记录中有未核实的记录。")
    if claim.basis_amount <= 0:
        problems.append("计算基数为零，不能提交。")
    if claim.basis_amount < 0:
        limit = Decimal("0")
    elif ready is not None:
        limit = claim_limit(claim, granted=ready.granted, claimed=ready.claimed).amount
    else:
        limit = claim_limit(claim).amount
    if claim.requested_amount <= 0:
        problems.append("申请金额必须大于零。")
    elif claim.requested_amount > min(limit, claim.computed_amount):
        problems.append(f"申请金额不能超过政策测算金额 {min(limit, claim.computed_amount):,.2f} 元。")
    if claim.is_exceptional and not claim.exceptional_justification.strip():
        problems.append("一事一议申报须填写理由。")
    return problems


def _next_claim_number(claim_year: int) -> str:
    last = Claim.objects.filter(number__startswith=f"BZ{claim_year}-").order_by("-number").first()
    seq = int(last.number.rsplit("-", 1)[1]) + 1 if last else 1
    return f"BZ{claim_year}-{seq:05d}"


def _refresh_figures(claim: Claim, requested_amount) -> None:
    """Link the eligible payments and store the figures the policy engine computed."""
    policy = claim.policy
    lock_project(claim.contract)
    payments = list(eligible_payments(claim.contract, claim.claim_year, policy, claim))
    remaining = contract_remaining_basis(claim.contract, claim)
    basis = Decimal("0.00")
    chosen = []
    for payment in payments:
        if basis >= remaining:
            break
        counted = min(payment.verified_amount, remaining - basis)
        chosen.append((payment, counted))
        basis += counted
    result = compute_subsidy(
        policy=policy,
        basis=basis,
        exceptional=claim.is_exceptional,
        enterprise_year_granted=enterprise_year_granted(claim.enterprise_id, claim.claim_year, exclude=claim),
        project_claimed=project_claimed(claim.contract, exclude=claim),
    )
    if requested_amount in (None, ""):
        requested = result.amount
    else:
        requested = parse_money(requested_amount, "requested_amount", "申请金额")
        if requested > result.amount:
            raise ValidationError({"requested_amount": f"申请金额不能超过政策测算金额 {result.amount:,.2f} 元。"})
    claim.basis_amount = result.basis
    claim.policy_rate = result.rate
    claim.policy_cap = result.cap
    claim.computed_amount = result.amount
    claim.calculation = result.explanation
    claim.requested_amount = requested
    claim.current_amount = requested
    claim.save()
    claim.payment_links.filter(is_active=True).exclude(payment__in=[p for p, _ in chosen]).delete()
    for payment, counted in chosen:
        ClaimPayment.objects.update_or_create(claim=claim, payment=payment, defaults={"amount": counted})


def claim_create(
    *,
    user,
    contract: TechContract,
    claim_year: int,
    requested_amount=None,
    is_exceptional: bool = False,
    exceptional_justification: str = "",
) -> Claim:
    """A draft claim for the contract's verified payments in `claim_year`. Validates everything
    the enterprise can fix now; the database refuses a second live claim of the same contract/year
    and a payment counted twice."""
    enterprise = contract.buyer
    if not (user.has_role(Role.ENTERPRISE) and user.organisation_id == enterprise.pk):
        raise PermissionDenied("只有合同受让方企业的用户可以申报补助。")
    problems = claim_eligibility_problems(enterprise, contract)
    if problems:
        raise ValidationError({"contract": problems})
    today = timezone.localdate()
    try:
        claim_year = int(claim_year)
    except (TypeError, ValueError):
        raise ValidationError({"claim_year": "请填写申报年度。"}) from None
    if claim_year < 2020 or claim_year > today.year:
        raise ValidationError({"claim_year": f"申报年度须在 2020 年至 {today.year} 年之间。"})
    policy = PolicyVersion.for_claim_year(claim_year)  # the policy covering that year's payments
    if policy is None:
        raise ValidationError({"claim_year": f"{claim_year} 年度没有适用的补助政策，暂不能申报该年度。"})
    existing = contract.claims.filter(claim_year=claim_year).exclude(status=Claim.Status.REJECTED).first()
    if existing is not None:
        raise ValidationError(
            {"contract": f"该合同 {claim_year} 年度已有申报（{existing.number}），同一合同的支付不能重复申报。"}
        )
    if is_exceptional and not (exceptional_justification or "").strip():
        raise ValidationError({"exceptional_justification": "一事一议申报须填写理由（项目的突出成效等）。"})
    if not eligible_payments(contract, claim_year, policy).exists():
        raise ValidationError(
            {"contract": f"该合同在 {claim_year} 年度没有可计入的经核实支付记录（需先录入支付并经市科技局核实）。"}
        )
    try:
        with transaction.atomic():
            claim = Claim(
                number=_next_claim_number(claim_year),
                enterprise=enterprise,
                contract=contract,
                claim_year=claim_year,
                policy=policy,
                basis_amount=Decimal("0"),
                policy_rate=policy.rate,
                policy_cap=policy.per_project_cap,
                computed_amount=Decimal("0"),
                requested_amount=Decimal("0"),
                current_amount=Decimal("0"),
                is_exceptional=bool(is_exceptional),
                exceptional_justification=(exceptional_justification or "").strip(),
                created_by=user,
            )
            claim._change_reason = "创建申报草稿"
            claim.save()
            _refresh_figures(claim, requested_amount)
    except IntegrityError:
        raise ValidationError({"contract": "该合同本年度的支付已计入其他申报，不能重复申报。"}) from None
    return claim


def claim_update(
    *, claim: Claim, user, requested_amount=None, is_exceptional: bool, exceptional_justification: str = ""
) -> Claim:
    """Edit a draft/returned claim: the figures are recomputed with the policy in force today."""
    if not claim.can_edit(user):
        raise PermissionDenied("此申报当前不能修改。")
    if is_exceptional and not (exceptional_justification or "").strip():
        raise ValidationError({"exceptional_justification": "一事一议申报须填写理由（项目的突出成效等）。"})
    policy = PolicyVersion.for_claim_year(claim.claim_year)
    if policy is None:
        raise ValidationError({"claim_year": f"{claim.claim_year} 年度没有适用的补助政策，暂不能申报该年度。"})
    try:
        with transaction.atomic():
            claim.policy = policy
            claim.is_exceptional = bool(is_exceptional)
            claim.exceptional_justification = (exceptional_justification or "").strip()
            claim._change_reason = "修改申报"
            _refresh_figures(claim, requested_amount)
    except IntegrityError:
        raise ValidationError({"contract": "该合同本年度的支付已计入其他申报，不能重复申报。"}) from None
    return claim


def attachment_add(*, claim: Claim, user, kind: str, upload) -> ClaimAttachment:
    if not claim.can_edit(user):
        raise PermissionDenied("此申报当前不能上传材料。")
    if kind not in ClaimAttachment.Kind.values:
        raise ValidationError({"kind": "请选择材料类型。"})
    label = ClaimAttachment.Kind(kind).label
    mime = validate_proof_file(upload, label)
    attachment = ClaimAttachment(
        claim=claim,
        kind=kind,
        file=upload,
        original_name=upload.name[:200],
        content_type=mime,
        size=upload.size,
        uploaded_by=user,
    )
    attachment._change_reason = f"上传{label}"
    attachment.save()
    return attachment


def attachment_delete(*, attachment: ClaimAttachment, user) -> None:
    if not attachment.claim.can_edit(user):
        raise PermissionDenied("此申报当前不能删除材料。")
    attachment.file.delete(save=False)
    attachment.delete()
