from celery import shared_task
from django.utils import timezone

from core.reminders import run_job


@shared_task(name="events.tasks.fair_preparation_reminders")
def fair_preparation_reminders() -> int:
    """Daily beat; sends only in even (fair) years, from 1 March and 30 days before the fair."""
    return run_job("fair_preparation", timezone.localdate())
