"""Queueing never fails a committed request: the outbox keeps the task until the broker takes it,
sends it once, and the tasks it sends are safe to receive twice."""

import datetime as dt
from unittest import mock

import pytest
from celery.app.task import Task
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from core import outbox
from core.mail import send_email
from core.models import Notification, OutboxTask
from core.notifications import notify
from talents.models import Talent
from talents.services import mark_refresh_due
from tests.talents.factories import make_talent

pytestmark = pytest.mark.django_db

BROKER_DOWN = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.fixture
def emails_on(settings):
    settings.NOTIFY_SEND_EMAIL = True


def test_a_write_commits_and_its_task_waits_while_the_broker_is_down(
    emails_on, liaison_wenxian, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(Task, "apply_async", side_effect=BROKER_DOWN),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notification = notify(liaison_wenxian, "test", title="消息队列中断时的通知")
    assert Notification.objects.filter(pk=notification.pk).exists()
    row = OutboxTask.objects.get()
    assert row.sent_at is None and row.attempts == 1 and "OperationalError" in row.last_error
    assert mail.outbox == []
    # The broker is back: the dispatcher sends it, once.
    assert outbox.dispatch() == 1
    assert outbox.dispatch() == 0
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 2


def test_a_page_that_queues_work_answers_normally_when_the_broker_is_down(
    emails_on, client_as, enterprise_user, bureau, django_capture_on_commit_callbacks
):
    from tests.demands.factories import make_demand

    demand = make_demand(enterprise_user.organisation, status="draft")
    with (
        mock.patch.object(Task, "apply_async", side_effect=BROKER_DOWN),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client_as(enterprise_user).post(
            f"/demands/{demand.pk}/transition/", {"to": "pending_review", "comment": ""}
        )
    assert response.status_code in (200, 302)
    demand.refresh_from_db()
    assert demand.status == "pending_review"
    assert OutboxTask.objects.filter(sent_at__isnull=True).exists()
    assert outbox.dispatch() >= 1
    assert not OutboxTask.objects.filter(sent_at__isnull=True).exists()


def test_dispatch_stops_while_the_broker_is_still_down(liaison_wenxian, emails_on):
    for i in range(3):
        notify(liaison_wenxian, "test", title=f"积压 {i}")
    assert OutboxTask.objects.filter(sent_at__isnull=True).count() == 3
    with mock.patch.object(Task, "apply_async", side_effect=BROKER_DOWN) as publish:
        assert outbox.dispatch() == 0
    assert publish.call_count == 1  # one try, not one connection timeout per queued task
    assert outbox.dispatch() == 3


def test_sent_rows_are_pruned_after_a_week(liaison_wenxian, emails_on):
    notify(liaison_wenxian, "test", title="旧任务")
    outbox.dispatch()
    OutboxTask.objects.update(sent_at=timezone.now() - dt.timedelta(days=8))
    outbox.dispatch()
    assert not OutboxTask.objects.exists()


def test_the_email_task_is_idempotent(liaison_wenxian):
    notification = notify(liaison_wenxian, "test", title="只发一次")
    assert send_email(notification.pk) is True
    assert send_email(notification.pk) is False  # a redelivered task
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.emailed


def test_talent_refresh_marking_and_its_reminder_are_one_unit(liaison_wenxian):
    talent = make_talent(name="甲")
    Talent.objects.filter(pk=talent.pk).update(refresh_due_on=timezone.localdate() - dt.timedelta(days=1))
    with (
        mock.patch("core.notifications.Notification.objects.create", side_effect=RuntimeError("数据库写入失败")),
        pytest.raises(RuntimeError),
    ):
        mark_refresh_due()
    assert not Talent.objects.get(pk=talent.pk).is_refresh_due  # nothing marked, so nothing is lost
    assert mark_refresh_due() == 1
    assert Notification.objects.filter(recipient=liaison_wenxian, kind="talent_refresh_due").count() == 1
