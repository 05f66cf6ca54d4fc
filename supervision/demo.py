"""Demo ledgers, assigned tasks and last year's supervision scores (with a tie at a prize boundary).

Idempotent: rows are found by their natural keys; states are only advanced.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from core.reminders import quarter_end, quarter_of
from core.workflow import transition

from .models import AssignedTask, LedgerItem, SupervisedUnit, SupervisionRecord

LEDGER = [
    (
        "征集本县区企业技术需求并录入需求库",
        "科技股 王磊",
        "已走访企业 36 家，征集技术需求 41 项，已录入 38 项。",
        "in_progress",
    ),
    ("组织企业参加“企业走进院所”活动", "副局长 陈静", "已组织 8 家企业赴郑州大学对接，达成意向 3 项。", "done"),
    ("更新焦作籍科技人才库", "联络员", "", "not_started"),
]

TASKS = [
    ("梳理本县区十大重点产业关键技术需求清单", -40, -5, "in_progress"),
    ("推荐参加年度成果发布会的企业名单", -20, 25, "assigned"),
    ("报送上季度院地合作项目落地情况", -70, -30, "done"),
]

# Last year's quarterly scores of the county units, in unit order (two units tie at 3rd place
# so that the award page shows a tie across the 一等奖/二等奖 boundary).
SCORES = [96, 93, 93, 90, 88, 87, 85, 85, 85, 80, 78, 75]


def seed(context):
    bureau = context["users"]["bureau"]
    today = timezone.localdate()
    year, quarter = today.year, quarter_of(today)
    units = {u.county.code: u for u in SupervisedUnit.objects.filter(kind="county").select_related("county")}
    keepers = {}
    for key in ("liaison_wenxian", "liaison_qinyang"):
        user = context["users"].get(key)
        if user is not None and user.county_id:
            keepers[user.county.code] = user

    for code, liaison in keepers.items():
        unit = units.get(code)
        if unit is None:
            continue
        for n, (task_title, meeting_offset, due_offset, state) in enumerate(TASKS):
            task, created = AssignedTask.objects.get_or_create(
                unit=unit,
                title=task_title,
                defaults={
                    "meeting_on": today + dt.timedelta(days=meeting_offset),
                    "due_on": today + dt.timedelta(days=due_offset),
                    "detail": "季度联席会议交办，请按时办结并在台账中记录进展。",
                    "created_by": bureau,
                },
            )
            if created and state != "assigned":
                transition(task, "in_progress", liaison, comment="已安排专人办理")
                if state == "done":
                    transition(task, "done", liaison, comment="已按时报送。")
            if n == 0:
                first_task = task
        for task_title, person, progress, state in LEDGER:
            item, created = LedgerItem.objects.get_or_create(
                unit=unit,
                year=year,
                quarter=quarter,
                task=task_title,
                defaults={"responsible_person": person, "progress": progress, "created_by": liaison},
            )
            if created and task_title.startswith("征集"):
                item.assigned_task = first_task
                item.save(update_fields=["assigned_task"])
            if created and state != "not_started":
                transition(item, "in_progress", liaison)
                if state == "done":
                    transition(item, "done", liaison)

    last_year = year - 1
    ordered = list(SupervisedUnit.objects.filter(kind="county").order_by("sort_order", "id"))
    for unit, base in zip(ordered, SCORES, strict=False):
        for q in (1, 2, 3, 4):
            outcome = "commend" if base >= 95 else "criticise" if base < 76 else "none"
            SupervisionRecord.objects.get_or_create(
                unit=unit,
                year=last_year,
                quarter=q,
                defaults={
                    "score": Decimal(base),
                    "outcome": outcome,
                    "comment": {
                        "commend": "台账规范，任务全部按时办结。",
                        "criticise": "台账更新滞后，交办任务逾期。",
                    }.get(outcome, "台账基本完整。"),
                    "recorded_by": bureau,
                },
            )
    if quarter > 1:
        for unit, base in zip(ordered, SCORES, strict=False):
            SupervisionRecord.objects.get_or_create(
                unit=unit,
                year=year,
                quarter=quarter - 1,
                defaults={"score": Decimal(base) - 2, "outcome": "none", "recorded_by": bureau},
            )
    context["stdout"].write(
        f"督导考核：台账 {LedgerItem.objects.count()} 项，交办任务 {AssignedTask.objects.count()} 项，"
        f"督导记录 {SupervisionRecord.objects.count()} 条（本季度 {quarter_end(year, quarter):%m月%d日} 结束）。"
    )
