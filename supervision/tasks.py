from celery import shared_task
from django.utils import timezone

from core.reminders import run_job


@shared_task(name="supervision.tasks.ledger_update_reminders")
def ledger_update_reminders() -> int:
    """Daily beat; sends only in the 10 days before a quarter ends, once per unit user and quarter."""
    return run_job("ledger_update", timezone.localdate())


@shared_task(name="supervision.tasks.joint_meeting_reminders")
def joint_meeting_reminders() -> int:
    """Daily beat; sends from the first day of each quarter's last month, once per user and quarter."""
    return run_job("joint_meeting", timezone.localdate())


@shared_task(name="supervision.tasks.overdue_task_reminders")
def overdue_task_reminders() -> int:
    """Daily beat: one digest per unit user (and bureau user) per day while tasks are overdue."""
    return run_job("task_overdue", timezone.localdate())
