"""Reminder jobs of the supervision work (registered in SupervisionConfig.ready()).

- ledger update: every unit's ledger keepers, from 10 days before each quarter ends until it ends;
- joint meeting: the bureau, the leading group and every unit, from the first day of each
  quarter's last month until the quarter ends;
- overdue tasks: every day, each unit with open assigned tasks past their due date, and the bureau.

Each job takes the date it runs for; a job that did not run on its first day catches up on a
later day of the same window, and the reminder log makes every send happen once per period.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from core.reminders import (
    Planned,
    quarter_end,
    quarter_label,
    quarter_of,
    quarter_period,
    quarters_between,
    remind,
)

from .models import AssignedTask, SupervisedUnit

LEDGER_DAYS_BEFORE = 10

LEDGER_SCHEDULE = "每季度结束前 10 天（3月21日、6月20日、9月20日、12月21日）起，提醒各县区和部门更新本季度台账"
MEETING_SCHEDULE = "每季度最后一个月的 1 日（3月、6月、9月、12月）起，提醒召开和准备季度联席会议"
OVERDUE_SCHEDULE = "每日，提醒责任单位和市科技局已超过完成时限的交办任务"


# --------------------------------------------------------------------------- windows (pure)


def ledger_window(on: dt.date) -> tuple[int, int, dt.date, dt.date]:
    """(year, quarter, first day, last day) of the ledger reminder window of `on`'s quarter."""
    year, quarter = on.year, quarter_of(on)
    end = quarter_end(year, quarter)
    return year, quarter, end - dt.timedelta(days=LEDGER_DAYS_BEFORE), end


def ledger_reminder_due(on: dt.date) -> bool:
    _, _, start, end = ledger_window(on)
    return start <= on <= end


def meeting_window(on: dt.date) -> tuple[int, int, dt.date, dt.date]:
    year, quarter = on.year, quarter_of(on)
    return year, quarter, dt.date(year, 3 * quarter, 1), quarter_end(year, quarter)


def meeting_reminder_due(on: dt.date) -> bool:
    _, _, start, end = meeting_window(on)
    return start <= on <= end


def _units():
    return SupervisedUnit.objects.active().select_related("county", "organisation")


# --------------------------------------------------------------------------- ledger update


def send_ledger_reminders(on: dt.date) -> int:
    if not ledger_reminder_due(on):
        return 0
    year, quarter, _, end = ledger_window(on)
    url = reverse("supervision:ledger_list") + f"?year={year}&quarter={quarter}"
    sent = 0
    for unit in _units():
        for user in unit.keepers():
            sent += remind(
                user,
                "ledger_update",
                quarter_period(year, quarter),
                on=on,
                title=f"请在 {end:%m月%d日} 前更新{unit}{quarter_label(year, quarter)}台账",
                body=f"本季度将于 {end:%Y-%m-%d} 结束，请更新各项工作的进展并上传佐证材料，以备季度督导检查。",
                url=url,
            )
    return sent


def planned_ledger_reminders(start: dt.date, end: dt.date):
    recipients = frozenset(u.pk for unit in _units() for u in unit.keepers())
    for year, quarter in quarters_between(start, end):
        first = quarter_end(year, quarter) - dt.timedelta(days=LEDGER_DAYS_BEFORE)
        yield Planned(first, "ledger_update", f"更新{quarter_label(year, quarter)}台账", recipients)


# --------------------------------------------------------------------------- joint meeting


def _meeting_recipients():
    users = {u.pk: u for u in User.objects.with_role(Role.BUREAU, Role.LEADER)}
    for unit in _units():
        users.update({u.pk: u for u in unit.keepers()})
    return list(users.values())


def send_meeting_reminders(on: dt.date) -> int:
    if not meeting_reminder_due(on):
        return 0
    year, quarter, _, end = meeting_window(on)
    label = quarter_label(year, quarter)
    sent = 0
    for user in _meeting_recipients():
        convener = user.is_bureau
        sent += remind(
            user,
            "joint_meeting",
            quarter_period(year, quarter),
            on=on,
            title=f"{label}领导小组联席会议提醒",
            body=(
                f"请在 {end:%Y-%m-%d} 前召集本季度联席会议，听取各地各部门院地合作情况汇报，并交办下一阶段任务。"
                if convener
                else f"本季度联席会议将在 {end:%Y-%m-%d} 前召开，请准备本单位院地合作情况汇报和交办任务办理情况。"
            ),
            url=reverse("supervision:task_list"),
        )
    return sent


def planned_meeting_reminders(start: dt.date, end: dt.date):
    recipients = frozenset(u.pk for u in _meeting_recipients())
    for year, quarter in quarters_between(start, end):
        first = dt.date(year, 3 * quarter, 1)
        yield Planned(first, "joint_meeting", f"{quarter_label(year, quarter)}联席会议", recipients)


# --------------------------------------------------------------------------- overdue tasks


def send_overdue_reminders(on: dt.date) -> int:
    overdue = list(AssignedTask.objects.overdue(on).select_related("unit").order_by("due_on", "pk"))
    if not overdue:
        return 0
    url = reverse("supervision:task_list") + "?overdue=true"
    sent = 0
    by_unit: dict = {}
    for task in overdue:
        by_unit.setdefault(task.unit, []).append(task)
    period = on.isoformat()
    for unit, tasks in by_unit.items():
        listing = "；".join(f"{t.title}（时限 {t.due_on:%Y-%m-%d}）" for t in tasks[:20])
        for user in unit.keepers():
            sent += remind(
                user,
                "task_overdue",
                period,
                on=on,
                title=f"{unit}有 {len(tasks)} 项交办任务已超过完成时限",
                body=f"请尽快办理并报告：{listing}。",
                url=url,
            )
    summary = "；".join(f"{unit}{len(tasks)} 项" for unit, tasks in by_unit.items())
    for user in User.objects.with_role(Role.BUREAU):
        sent += remind(
            user,
            "task_overdue",
            period,
            on=on,
            title=f"共 {len(overdue)} 项交办任务逾期未办结",
            body=f"逾期情况：{summary}。",
            url=url,
        )
    return sent


def planned_overdue_reminders(start: dt.date, end: dt.date):
    """The first day each open task would become overdue (it is reminded daily after that)."""
    bureau = frozenset(User.objects.with_role(Role.BUREAU).values_list("pk", flat=True))
    tasks = AssignedTask.objects.open().filter(due_on__gte=start - dt.timedelta(days=1), due_on__lt=end)
    for task in tasks.select_related("unit"):
        keepers = frozenset(u.pk for u in task.unit.keepers())
        yield Planned(
            task.due_on + dt.timedelta(days=1),
            "task_overdue",
            f"交办任务逾期：{task.title}（{task.unit}）",
            keepers | bureau,
        )
