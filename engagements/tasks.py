from celery import shared_task

from . import services


@shared_task(name="engagements.tasks.send_follow_up_reminders")
def send_follow_up_reminders() -> int:
    """Daily beat: remind owners of engagements whose follow-up date has come (idempotent)."""
    return services.send_follow_up_reminders()
