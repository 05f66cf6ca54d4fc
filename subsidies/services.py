"""Multi-step operations of the subsidies app, called by pages, API, other apps and demo data."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation

from .models import TechContract


def parse_money(value, field: str, label: str) -> Decimal:
    """A positive-or-zero amount in 元 with at most two decimal places, else ValidationError."""
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: f"{label}必须是数字（单位：元）。"}) from None
    if not amount.is_finite():
        raise ValidationError({field: f"{label}必须是数字（单位：元）。"})
    if amount < 0:
        raise ValidationError({field: f"{label}不能为负数。"})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: f"{label}最多保留两位小数（精确到分）。"})
    return amount.quantize(Decimal("0.01"))


def may_record_contract(user, buyer: Organisation, seller: Organisation | None) -> bool:
    if user.is_bureau:
        return True
    if user.is_liaison and user.county_id and buyer.county_id == user.county_id:
        return True
    org_id = user.organisation_id
    return bool(org_id) and (org_id == buyer.pk or (seller is not None and org_id == seller.pk))


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
    errors: dict[str, str] = {}
    registration_number = (registration_number or "").strip()
    name = (name or "").strip()
    if not registration_number:
        errors["registration_number"] = "请填写技术合同登记编号。"
    elif TechContract.objects.filter(registration_number__iexact=registration_number).exists():
        errors["registration_number"] = "该技术合同登记编号已录入，不能重复登记。"
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
    if errors:
        raise ValidationError(errors)

    if seller_outside_city is None:
        seller_outside_city = seller is None or seller.county_id is None
    if seller_outside_province is None:
        seller_outside_province = bool(seller is not None and seller.location and "河南" not in seller.location)
    fields = dict(
        registration_number=registration_number,
        name=name,
        contract_type=contract_type,
        buyer=buyer,
        seller=seller,
        seller_name=seller_name,
        seller_outside_city=seller_outside_city,
        seller_outside_province=seller_outside_province,
        contract_amount=amounts["contract_amount"],
        transaction_amount=amounts["transaction_amount"],
        signed_on=signed_on,
        registered_on=registered_on,
        is_related_party=is_related_party,
        related_party_declaration=(related_party_declaration or "").strip(),
        created_by=user if user.is_authenticated else None,
    )
    if achievement is not None and _has_field(TechContract, "achievement"):
        fields["achievement"] = achievement
    with transaction.atomic():
        contract = TechContract(**fields)
        contract._change_reason = "录入技术合同"
        contract.save()
    return contract


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())
