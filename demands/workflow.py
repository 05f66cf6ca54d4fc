"""The demand workflow as data: 草稿 → 待审核 → 已发布 → 对接中 → 已解决 / 已关闭, 退回修改 from review."""

from core.library.workflow import BUREAU, OWNER, blacklist_error, mark_published, notify_status_change, owner_roles
from core.workflow import Transition, Workflow

LIAISON = "liaison"

LABELS = {
    "draft": "草稿",
    "pending_review": "待审核",
    "published": "已发布",
    "in_progress": "对接中",
    "resolved": "已解决",
    "closed": "已关闭",
    "returned": "退回修改",
}


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
    final_states=frozenset({"resolved"}),
    transitions=[
        Transition(("draft", "returned"), "pending_review", frozenset({OWNER, BUREAU}), "提交审核", check=can_publish),
        Transition(
            "pending_review",
            "published",
            frozenset({BUREAU}),
            "审核通过并发布",
            check=can_publish,
            apply=mark_published,
        ),
        # Bureau-collected demands (e.g. a bulk import) can be published directly.
        Transition("draft", "published", frozenset({BUREAU}), "直接发布", check=can_publish, apply=mark_published),
        Transition(("pending_review", "published"), "returned", frozenset({BUREAU}), "退回修改", comment_required=True),
        Transition("pending_review", "draft", frozenset({OWNER}), "撤回审核"),
        Transition("published", "in_progress", frozenset({BUREAU, LIAISON}), "进入对接"),
        Transition("in_progress", "published", frozenset({BUREAU, LIAISON}), "恢复发布", check=can_publish),
        Transition("in_progress", "resolved", frozenset({OWNER, BUREAU}), "标记已解决"),
        Transition(
            ("draft", "returned", "pending_review", "published", "in_progress"),
            "closed",
            frozenset({OWNER, BUREAU}),
            "关闭需求",
        ),
        Transition("closed", "draft", frozenset({OWNER, BUREAU}), "重新打开", comment_required=True),
    ],
)
