"""The demand workflow as data: 草稿 → 待审核 → 已发布 → 对接中 → 已解决 / 已关闭, 退回修改 from review.

Registered in DemandsConfig.ready()."""

from accounts.roles import Role
from core.library.workflow import OWNER, blacklist_error, mark_published, notify_status_change, owner_roles
from core.workflow import Transition, Workflow

from .models import DemandStatus

S = DemandStatus
LABELS = dict(S.choices)


def not_blacklisted(obj, user, data):
    return blacklist_error(obj, "需求")


def can_publish(obj, user, data):
    error = not_blacklisted(obj, user, data)
    if error:
        return error
    if obj.is_expired:
        return f"需求有效期（{obj.valid_until:%Y-%m-%d}）已过，请先修改有效期。"
    return None


def after_change(obj, change):
    notify_status_change(obj, change, kind="demand", noun="需求", long_noun="企业需求", labels=LABELS, own="您的")


DEMAND_WORKFLOW = Workflow(
    name="demand",
    labels=LABELS,
    roles_of=owner_roles,
    after=after_change,
    final_states=frozenset({S.RESOLVED}),
    transitions=[
        Transition(
            (S.DRAFT, S.RETURNED), S.PENDING_REVIEW, frozenset({OWNER, Role.BUREAU}), "提交审核", check=can_publish
        ),
        Transition(
            S.PENDING_REVIEW,
            S.PUBLISHED,
            frozenset({Role.BUREAU}),
            "审核通过并发布",
            check=can_publish,
            apply=mark_published,
        ),
        # Bureau-collected demands (e.g. a bulk import) can be published directly.
        Transition(S.DRAFT, S.PUBLISHED, frozenset({Role.BUREAU}), "直接发布", check=can_publish, apply=mark_published),
        Transition(
            (S.PENDING_REVIEW, S.PUBLISHED), S.RETURNED, frozenset({Role.BUREAU}), "退回修改", comment_required=True
        ),
        Transition(S.PENDING_REVIEW, S.DRAFT, frozenset({OWNER}), "撤回审核"),
        Transition(S.PUBLISHED, S.IN_PROGRESS, frozenset({Role.BUREAU, Role.LIAISON}), "进入对接"),
        Transition(S.IN_PROGRESS, S.PUBLISHED, frozenset({Role.BUREAU, Role.LIAISON}), "恢复发布", check=can_publish),
        Transition(S.IN_PROGRESS, S.RESOLVED, frozenset({OWNER, Role.BUREAU}), "标记已解决"),
        Transition(
            (S.DRAFT, S.RETURNED, S.PENDING_REVIEW, S.PUBLISHED, S.IN_PROGRESS),
            S.CLOSED,
            frozenset({OWNER, Role.BUREAU}),
            "关闭需求",
        ),
        Transition(S.CLOSED, S.DRAFT, frozenset({OWNER, Role.BUREAU}), "重新打开", comment_required=True),
    ],
)
