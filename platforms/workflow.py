"""The platform workflow as data: 筹建 → 已认定 → 已撤销 (the bureau recognises and revokes;
已撤销 is final: a platform to be recognised again is proposed again)."""

from django.db import models
from django.utils import timezone

from accounts.roles import Role
from core.notifications import notify_many
from core.workflow import Transition, TransitionError, Workflow


class PlatformStatus(models.TextChoices):
    PLANNING = "planning", "筹建"
    RECOGNISED = "recognised", "已认定"
    REVOKED = "revoked", "已撤销"


S = PlatformStatus
BUREAU = Role.BUREAU.value


def _date(value, label):
    import datetime as dt

    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise TransitionError(f"{label}格式应为 YYYY-MM-DD。", code="condition")


def check_recognise(obj, user, data):
    # The document number arrives with the request, so it is required in apply_recognise:
    # a check here would also hide the button (Workflow.available() passes no data).
    on = _date(data.get("recognised_on"), "认定日期")
    if on is not None and on > timezone.localdate():
        return "认定日期不能晚于今天。"
    return None


def apply_recognise(obj, user, data):
    number = str(data.get("document_number") or "").strip() or obj.document_number
    if not number:
        raise TransitionError("认定须填写认定文号。", code="condition")
    if len(number) > obj._meta.get_field("document_number").max_length:
        raise TransitionError("认定文号不能超过 100 个字符。", code="condition")
    obj.document_number = number
    obj.recognised_on = _date(data.get("recognised_on"), "认定日期") or obj.recognised_on or timezone.localdate()


def after_change(obj, change):
    label = S(change.to_state).label
    body = f"创新平台“{obj.name}”状态变更为：{label}。"
    if change.comment:
        body += f"\n意见：{change.comment}"
    recipients = [u for u in obj.host.users.filter(is_active=True) if u.pk != (change.actor_id or 0)]
    notify_many(recipients, f"platform_{change.to_state}", obj, title=f"创新平台{label}：{obj.name}", body=body)


PLATFORM_WORKFLOW = Workflow(
    name="platform",
    labels=dict(PlatformStatus.choices),
    after=after_change,
    final_states=frozenset({S.REVOKED}),
    transitions=[
        Transition(S.PLANNING, S.RECOGNISED, frozenset({BUREAU}), "认定", check=check_recognise, apply=apply_recognise),
        Transition((S.PLANNING, S.RECOGNISED), S.REVOKED, frozenset({BUREAU}), "撤销", comment_required=True),
    ],
)
