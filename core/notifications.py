"""One call writes the in-app notification and sends the email: notify()."""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from .models import Notification, NotificationPreference

log = logging.getLogger(__name__)


def notify(recipient, kind: str, obj=None, *, title: str, body: str = "", url: str = "", dedupe_key: str | None = None):
    """Notify one user. Returns the Notification, or None when `dedupe_key` was already used.

    `kind` is a stable code ("talent_refresh_due", "claim_returned" …); `obj` the record it is
    about. With `dedupe_key`, a second call for the same (recipient, kind, key) does nothing.
    The in-app notification is always written; the email only for users who chose email.
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
    if settings.NOTIFY_SEND_EMAIL and recipient.email and NotificationPreference.wants_email(recipient):
        from .tasks import send_notification_email

        transaction.on_commit(lambda: send_notification_email.delay(notification.pk))
    return notification


def notify_many(recipients, kind: str, obj=None, **kwargs) -> list:
    return [n for n in (notify(r, kind, obj, **kwargs) for r in recipients) if n is not None]


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
