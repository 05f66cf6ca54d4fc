"""Transactional outbox for Celery tasks: queueing never fails a committed request.

    from core.outbox import enqueue
    enqueue(send_notification_email, notification.pk)

instead of `transaction.on_commit(lambda: task.delay(...))`. `enqueue` writes an `OutboxTask`
row in the caller's transaction (so the work is recorded exactly when the change is) and, once
the transaction commits, tries to publish it. If the broker is down the request still succeeds:
the row stays pending and `dispatch()` — a beat job every minute and `manage.py dispatch_outbox`
— publishes it when the broker is back. Each row is published under a row lock and marked sent
in the same transaction, so the dispatcher and the on-commit send never both publish it.
Without a broker (development, tests) tasks run eagerly in the same way as `.delay()` did.
"""

import datetime as dt
import logging

from celery import current_app
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from .models import OutboxTask

log = logging.getLogger(__name__)

KEEP_SENT = dt.timedelta(days=7)


def enqueue(task, *args, **kwargs) -> OutboxTask:
    """Record `task(*args, **kwargs)` in the current transaction; publish it after commit."""
    row = OutboxTask.objects.create(task_name=task.name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: send(row.pk))
    return row


SENT, SKIPPED, FAILED, BROKER_DOWN = "sent", "skipped", "failed", "broker_down"


def send(pk: int) -> bool:
    """Publish one pending row; True when it was sent now. Never raises."""
    return _send(pk) == SENT


def _send(pk: int) -> str:
    try:
        with transaction.atomic():
            row = OutboxTask.objects.select_for_update(skip_locked=True).filter(pk=pk, sent_at__isnull=True).first()
            if row is None:  # sent already, or another process is sending it right now
                return SKIPPED
            return _publish(row)
    except Exception:  # the database itself is unreachable: the dispatcher will try again
        log.warning("outbox: could not send task #%s now", pk, exc_info=True)
        return FAILED


def _publish(row: OutboxTask) -> str:
    row.attempts += 1
    try:
        task = current_app.tasks[row.task_name]
        task.apply_async(args=row.args, kwargs=row.kwargs, task_id=f"outbox-{row.pk}", retry=False)
    except Exception as exc:  # broker down (or an eager task failed): keep it pending
        row.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
        row.save(update_fields=["attempts", "last_error"])
        log.warning("outbox: task %s #%s not sent (%s); it stays queued", row.task_name, row.pk, row.last_error)
        return BROKER_DOWN if isinstance(exc, BrokerError | ConnectionError) else FAILED
    row.sent_at = timezone.now()
    row.last_error = ""
    row.save(update_fields=["attempts", "sent_at", "last_error"])
    return SENT


def dispatch(limit: int = 500) -> int:
    """Publish pending rows oldest first, stopping when the broker is still down; prune rows sent
    more than a week ago. Returns how many were sent."""
    sent = 0
    pending = list(OutboxTask.objects.filter(sent_at__isnull=True).order_by("id").values_list("pk", flat=True)[:limit])
    for pk in pending:
        outcome = _send(pk)
        if outcome == SENT:
            sent += 1
        elif outcome == BROKER_DOWN:
            break
    OutboxTask.objects.filter(sent_at__lt=timezone.now() - KEEP_SENT).delete()
    return sent


def pending_count() -> int:
    return OutboxTask.objects.filter(sent_at__isnull=True).count()
