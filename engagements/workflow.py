"""The engagement workflow as data: 意向 → 洽谈 → 签约 → 落地, or 终止 (reason required).

Registered in EngagementsConfig.ready()."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.roles import Role
from core.inputs import parse_date, parse_id
from core.workflow import Transition, TransitionError, Workflow

from .models import OPEN_STATES, EngagementStatus, TargetKind

S = EngagementStatus


MANAGER = "manager"  # the owning liaison or a liaison of the engagement's county


def roles_of(obj, user) -> set[str]:
    return {MANAGER} if user.is_authenticated and user.is_liaison and obj.can_edit(user) else set()


def _parse_date(value, label):
    if value in (None, ""):
        return None
    try:
        return parse_date(value)
    except (ValueError, OverflowError):
        raise TransitionError(f"{label}格式应为 YYYY-MM-DD。", code="condition") from None


def contract_needed(obj) -> bool:
    """A technology contract is what 签约 means for an achievement or an institute."""
    return obj.target_kind in (TargetKind.ACHIEVEMENT, TargetKind.INSTITUTE)


def check_signing(obj, user, data):
    if obj.contract_id:
        return None
    if data.get("contract") or data.get("contract_id"):
        return None
    if not str(data.get("registration_number") or "").strip():
        if contract_needed(obj):
            return "签约须录入技术合同：请填写技术合同登记编号、合同金额和技术交易额。"
        return None
    missing = [
        label
        for key, label in (("contract_amount", "合同金额"), ("transaction_amount", "技术交易额"))
        if not data.get(key)
    ]
    if missing:
        return "请填写" + "、".join(missing) + "。"
    return None


def apply_signing(obj, user, data):
    """Record the technology contract through the subsidies service and link it."""
    from subsidies.models import TechContract
    from subsidies.services import contract_create

    obj.signed_on = _parse_date(data.get("signed_on"), "签约日期") or timezone.localdate()
    if obj.contract_id:
        return
    existing = data.get("contract") or data.get("contract_id")
    if existing:
        contract = TechContract.objects.visible_to(user).filter(pk=parse_id(existing)).first()
        if contract is None:
            raise TransitionError("找不到该技术合同，或您无权使用。", code="condition")
        if contract.buyer_id != obj.demand.owner_id:
            raise TransitionError("技术合同的受让方须为需求企业。", code="condition")
        if hasattr(contract, "engagement") and contract.engagement.pk != obj.pk:
            raise TransitionError("该技术合同已关联其他对接。", code="condition")
        obj.contract = contract
        return
    registration_number = str(data.get("registration_number") or "").strip()
    if not registration_number:
        return
    seller = obj.achievement.owner if obj.achievement_id else obj.institute
    seller_name = "" if seller else (obj.talent.employer if obj.talent_id else "")
    default_type = "transfer" if obj.achievement_id else "development"
    try:
        obj.contract = contract_create(
            user=user,
            registration_number=registration_number,
            name=str(data.get("contract_name") or "").strip() or f"{obj.demand.title}技术合同",
            contract_type=data.get("contract_type") or default_type,
            buyer=obj.demand.owner,
            seller=seller,
            seller_name=seller_name,
            contract_amount=data.get("contract_amount"),
            transaction_amount=data.get("transaction_amount"),
            signed_on=obj.signed_on,
            registered_on=_parse_date(data.get("registered_on"), "登记日期"),
            achievement=obj.achievement,
        )
    except ValidationError as exc:
        messages = exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages]
        raise TransitionError("技术合同未能录入：" + "；".join(m for ms in messages for m in ms), code="condition")
    except PermissionDenied as exc:
        raise TransitionError(str(exc) or "您无权录入该技术合同。", code="forbidden")


def apply_landed(obj, user, data):
    obj.landed_on = _parse_date(data.get("landed_on"), "落地日期") or timezone.localdate()
    obj.next_follow_up_on = None


def apply_terminated(obj, user, data):
    obj.termination_reason = data["comment"]
    obj.next_follow_up_on = None


def after_change(obj, change):
    from .services import after_stage_change

    after_stage_change(obj, change)


ENGAGEMENT_WORKFLOW = Workflow(
    name="engagement",
    labels=dict(EngagementStatus.choices),
    roles_of=roles_of,
    after=after_change,
    final_states=frozenset({S.LANDED, S.TERMINATED}),
    transitions=[
        Transition(S.INTENT, S.NEGOTIATING, frozenset({Role.BUREAU, MANAGER}), "进入洽谈"),
        Transition(
            S.NEGOTIATING, S.SIGNED, frozenset({Role.BUREAU, MANAGER}), "签约", check=check_signing, apply=apply_signing
        ),
        Transition(S.SIGNED, S.LANDED, frozenset({Role.BUREAU, MANAGER}), "项目落地", apply=apply_landed),
        Transition(
            OPEN_STATES,
            S.TERMINATED,
            frozenset({Role.BUREAU, MANAGER}),
            "终止对接",
            comment_required=True,
            apply=apply_terminated,
        ),
    ],
)
