"""One call writes the in-app notification and sends the email: notify()."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from .models import Notification, NotificationPreference
from .tasks import send_notification_email


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
        transaction.on_commit(lambda: send_notification_email.delay(notification.pk))
    return notification


def notify_many(recipients, kind: str, obj=None, **kwargs) -> list:
    return [n for n in (notify(r, kind, obj, **kwargs) for r in recipients) if n is not None]
