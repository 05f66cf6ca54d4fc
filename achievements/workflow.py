"""The achievement workflow as data: 草稿 → 待审核 → 已发布 → 已转化 / 已下架.

Registered in AchievementsConfig.ready()."""

from accounts.roles import Role
from core.library.workflow import OWNER, blacklist_error, mark_published, notify_status_change, owner_roles
from core.workflow import Transition, Workflow

from .models import AchievementStatus

S = AchievementStatus
LABELS = dict(S.choices)


def not_blacklisted(obj, user, data):
    return blacklist_error(obj, "成果")


def after_change(obj, change):
    notify_status_change(obj, change, kind="achievement", noun="成果", long_noun="科技成果", labels=LABELS)


ACHIEVEMENT_WORKFLOW = Workflow(
    name="achievement",
    labels=LABELS,
    roles_of=owner_roles,
    after=after_change,
    final_states=frozenset({S.TRANSFERRED}),
    transitions=[
        Transition(S.DRAFT, S.PENDING_REVIEW, frozenset({OWNER, Role.BUREAU}), "提交审核", check=not_blacklisted),
        Transition(
            S.PENDING_REVIEW,
            S.PUBLISHED,
            frozenset({Role.BUREAU}),
            "审核通过并发布",
            check=not_blacklisted,
            apply=mark_published,
        ),
        # Bureau-collected achievements (征集、批量导入) can be published directly.
        Transition(
            S.DRAFT, S.PUBLISHED, frozenset({Role.BUREAU}), "直接发布", check=not_blacklisted, apply=mark_published
        ),
        # Back to draft: the bureau returns it for changes (reason required) or the owner withdraws it.
        Transition(
            S.PENDING_REVIEW, S.DRAFT, frozenset({OWNER, Role.BUREAU}), "退回修改/撤回审核", comment_required=True
        ),
        Transition(S.PUBLISHED, S.TRANSFERRED, frozenset({OWNER, Role.BUREAU}), "标记已转化"),
        Transition(
            (S.PUBLISHED, S.PENDING_REVIEW), S.WITHDRAWN, frozenset({OWNER, Role.BUREAU}), "下架", comment_required=True
        ),
        Transition(S.WITHDRAWN, S.DRAFT, frozenset({OWNER, Role.BUREAU}), "重新编辑"),
    ],
)
