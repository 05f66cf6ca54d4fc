from celery import shared_task

from .mail import send_email


@shared_task(name="core.tasks.send_notification_email", ignore_result=True)
def send_notification_email(notification_id: int) -> None:
    send_email(notification_id)


@shared_task(name="core.tasks.dispatch_outbox", ignore_result=True)
def dispatch_outbox() -> int:
    """Every minute: publish tasks queued while the broker was down (core/outbox.py)."""
    from .outbox import dispatch

    return dispatch()
