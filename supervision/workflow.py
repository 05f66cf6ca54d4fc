"""Workflows of the supervision app as data: ledger items and assigned tasks (交办任务)."""

from accounts.models import User
from accounts.roles import Role
from core.notifications import notify_many
from core.workflow import Transition, Workflow

from .models import LedgerStatus, TaskStatus

KEEPER = "keeper"  # a user who keeps the unit's ledger (the county's liaison, the department's user)


def keeper_roles(obj, user) -> set[str]:
    return {KEEPER} if obj.unit_is_kept_by(user) else set()


def _needs_evidence(obj, user, data):
    if not obj.progress.strip():
        return "请先填写工作进展，再标记为已完成。"
    return None


L = LedgerStatus
LEDGER_WORKFLOW = Workflow(
    name="ledger_item",
    labels=dict(LedgerStatus.choices),
    roles_of=keeper_roles,
    transitions=[
        Transition(L.NOT_STARTED, L.IN_PROGRESS, frozenset({Role.BUREAU, KEEPER}), "开始推进"),
        Transition(
            (L.NOT_STARTED, L.IN_PROGRESS), L.DONE, frozenset({Role.BUREAU, KEEPER}), "标记完成", check=_needs_evidence
        ),
        Transition(L.DONE, L.IN_PROGRESS, frozenset({Role.BUREAU, KEEPER}), "重新打开", comment_required=True),
    ],
)


def _after_task_change(task, change):
    """Tell the unit's keepers and the bureau that an assigned task moved (not the actor)."""
    label = TASK_WORKFLOW.label(change.to_state)
    recipients = {u.pk: u for u in task.unit.keepers()}
    recipients.update({u.pk: u for u in User.objects.with_role(Role.BUREAU)})
    recipients.pop(change.actor_id, None)
    notify_many(
        list(recipients.values()), "task_stage", task, title=f"交办任务“{task.title}”：{label}", body=change.comment
    )


T = TaskStatus
TASK_WORKFLOW = Workflow(
    name="assigned_task",
    labels=dict(TaskStatus.choices),
    roles_of=keeper_roles,
    after=_after_task_change,
    final_states=frozenset({T.CANCELLED}),
    transitions=[
        Transition(T.ASSIGNED, T.IN_PROGRESS, frozenset({Role.BUREAU, KEEPER}), "开始办理"),
        Transition(
            (T.ASSIGNED, T.IN_PROGRESS), T.DONE, frozenset({Role.BUREAU, KEEPER}), "办结", comment_required=True
        ),
        Transition(T.DONE, T.IN_PROGRESS, frozenset({Role.BUREAU}), "退回重办", comment_required=True),
        Transition((T.ASSIGNED, T.IN_PROGRESS), T.CANCELLED, frozenset({Role.BUREAU}), "撤销", comment_required=True),
    ],
)
