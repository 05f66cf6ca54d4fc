"""One call writes the in-app notification and sends the email: notify()."""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from .models import Notification

log = logging.getLogger(__name__)


def notify(recipient, kind: str, obj=None, *, title: str, body: str = "", url: str = "", dedupe_key: str | None = None):
    """Notify one user. Returns the Notification, or None when `dedupe_key` was already used.

    `kind` is a stable code ("talent_refresh_due", "claim_returned" …); `obj` the record it is
    about. With `dedupe_key`, a second call for the same (recipient, kind, key) does nothing.
    """
    if recipient is None or not recipient.is_active:
        return None
    if url == "" and obj is not None and hasattr(obj, "get_absolute_url"):
        url = obj.get_absolute_url()
    fields = dict(recipient=recipient, kind=kind, title=title[:200], body=body, url=url, dedupe_key=dedupe_key)
    if obj is not None:
        fields["content_type"] = ContentType.objects.get_for_model(obj)
        fields["object_id"] = str(obj.pk)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(**fields)
    except IntegrityError:
        if dedupe_key is None:
            raise
        return None
    if settings.NOTIFY_SEND_EMAIL and recipient.email:
        from .outbox import enqueue
        from .tasks import send_notification_email

        enqueue(send_notification_email, notification.pk)
    return notification


def notify_many(recipients, kind: str, obj=None, **kwargs) -> list:
    return [n for n in (notify(r, kind, obj, **kwargs) for r in recipients) if n is not None]


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
