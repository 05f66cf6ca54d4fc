"""The event workflow as data: 筹备中 → 即将举办 (published) → 已举办, or 已取消 (reason required)."""

from django.utils import timezone

from accounts.roles import Role
from core.workflow import Transition, Workflow

from .models import EventStatus

ORGANISER = "organiser"  # the liaison of the event's county, or whoever created it


S = EventStatus


def organiser_roles(obj, user) -> set[str]:
    return {ORGANISER} if obj.can_edit(user) else set()


def _check_held(obj, user, data):
    if obj.date > timezone.localdate():
        return f"活动日期（{obj.date:%Y-%m-%d}）未到，不能标记为已举办。"
    return None


def _check_publish(obj, user, data):
    if not obj.place.strip():
        return "请先填写活动地点，再发布活动。"
    return None


EVENT_WORKFLOW = Workflow(
    name="event",
    labels=dict(EventStatus.choices),
    roles_of=organiser_roles,
    final_states=frozenset({S.HELD, S.CANCELLED}),
    transitions=[
        Transition(S.DRAFT, S.UPCOMING, frozenset({Role.BUREAU, ORGANISER}), "发布活动", check=_check_publish),
        Transition(S.UPCOMING, S.HELD, frozenset({Role.BUREAU, ORGANISER}), "标记为已举办", check=_check_held),
        Transition(
            (S.DRAFT, S.UPCOMING), S.CANCELLED, frozenset({Role.BUREAU, ORGANISER}), "取消活动", comment_required=True
        ),
    ],
)
