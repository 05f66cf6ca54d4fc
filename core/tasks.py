from celery import shared_task

from .mail import send_email


@shared_task(name="core.tasks.send_notification_email", ignore_result=True)
def send_notification_email(notification_id: int) -> None:
    send_email(notification_id)
