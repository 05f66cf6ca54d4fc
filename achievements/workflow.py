"""The achievement workflow as data: 草稿 → 待审核 → 已发布 → 已转化 / 已下架."""

from core.library.workflow import BUREAU, OWNER, blacklist_error, mark_published, notify_status_change, owner_roles
from core.workflow import Transition, Workflow

LABELS = {
    "draft": "草稿",
    "pending_review": "待审核",
    "published": "已发布",
    "transferred": "已转化",
    "withdrawn": "已下架",
}


def not_blacklisted(obj, user, data):
    return blacklist_error(obj, "成果")


def after_change(obj, change):
    notify_status_change(obj, change, kind="achievement", noun="成果", long_noun="科技成果", labels=LABELS)


ACHIEVEMENT_WORKFLOW = Workflow(
    name="achievement",
    labels=LABELS,
    roles_of=owner_roles,
    after=after_change,
    final_states=frozenset({"transferred"}),
    transitions=[
        Transition("draft", "pending_review", frozenset({OWNER, BUREAU}), "提交审核", check=not_blacklisted),
        Transition(
            "pending_review",
            "published",
            frozenset({BUREAU}),
            "审核通过并发布",
            check=not_blacklisted,
            apply=mark_published,
        ),
        # Bureau-collected achievements (征集、批量导入) can be published directly.
        Transition("draft", "published", frozenset({BUREAU}), "直接发布", check=not_blacklisted, apply=mark_published),
        # Back to draft: the bureau returns it for changes (reason required) or the owner withdraws it.
        Transition("pending_review", "draft", frozenset({OWNER, BUREAU}), "退回修改/撤回审核", comment_required=True),
        Transition("published", "transferred", frozenset({OWNER, BUREAU}), "标记已转化"),
        Transition(
            ("published", "pending_review"), "withdrawn", frozenset({OWNER, BUREAU}), "下架", comment_required=True
        ),
        Transition("withdrawn", "draft", frozenset({OWNER, BUREAU}), "重新编辑"),
    ],
)
