"""Sending a notification by email (the Celery task core.tasks.send_notification_email calls it)."""

import logging

from django.conf import settings
from django.core.mail import send_mail

from .models import Notification

log = logging.getLogger(__name__)


def send_email(notification_id: int) -> None:
    """Send one notification by email and mark it emailed (called by the Celery task)."""
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    try:
        send_mail(
            subject=f"【焦作科技合作门户】{notification.title}",
            message=notification.body or notification.title,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.recipient.email],
        )
    except Exception:  # mail trouble must never undo the business operation
        log.exception("sending notification %s by email failed", notification_id)
        return
    Notification.objects.filter(pk=notification_id).update(emailed=True)
