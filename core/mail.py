"""Sending a notification by email (the Celery task core.tasks.send_notification_email calls it)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from .models import Notification

log = logging.getLogger(__name__)


def send_email(notification_id: int) -> bool:
    """Send one notification by email and mark it emailed (called by the Celery task).

    Idempotent: the row is locked and `emailed` checked first, so a task delivered twice (a retry,
    a redelivery after a broker outage) sends one email. Returns True when it sent now.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
        )
        if notification is None or notification.emailed:
            return False
        try:
            send_mail(
                subject=f"【焦作科技合作门户】{notification.title}",
                message=notification.body or notification.title,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[notification.recipient.email],
            )
        except Exception as exc:  # mail trouble must never undo the business operation
            # No message text: it may hold personal data (names, contacts).
            log.error("sending notification %s by email failed: %s", notification_id, exc.__class__.__name__)
            return False
        Notification.objects.filter(pk=notification_id).update(emailed=True)
    return True
