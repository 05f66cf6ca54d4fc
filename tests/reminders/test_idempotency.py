"""Running a reminder job twice, or on two workers at once, sends each reminder once."""

import datetime as dt
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from core.models import Notification, ReminderLog
from supervision.reminders import send_ledger_reminders
from tests.supervision.factories import task

D = dt.date


@pytest.mark.django_db
def test_run_reminders_command_is_safe_to_repeat(liaison_wenxian, liaison_qinyang, bureau, leader):
    task("wenxian", due_on=D(2026, 12, 1))
    out = StringIO()
    call_command("run_reminders", "--date", "2026-12-21", stdout=out)
    assert "台账更新提醒（ledger_update）：发送 2 条" in out.getvalue()
    logs = ReminderLog.objects.count()
    notifications = Notification.objects.count()
    assert logs == notifications > 0
    out = StringIO()
    call_command("run_reminders", "--date", "2026-12-21", stdout=out)
    assert "共发送 0 条" in out.getvalue()
    assert (ReminderLog.objects.count(), Notification.objects.count()) == (logs, notifications)


@pytest.mark.django_db
def test_command_refuses_a_bad_date_or_job():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("run_reminders", "--date", "2026-13-01")
    with pytest.raises(CommandError, match="没有这种提醒"):
        call_command("run_reminders", "--job", "nonsense")


@pytest.mark.django_db
def test_one_job_only(liaison_wenxian):
    out = StringIO()
    call_command("run_reminders", "--date", "2026-12-21", "--job", "ledger_update", stdout=out)
    assert "联席会议" not in out.getvalue()
    assert ReminderLog.objects.get().kind == "ledger_update"


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_once(liaison_wenxian, liaison_qinyang):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent inserts against the unique constraint need PostgreSQL")
    barrier = threading.Barrier(4)
    sent, errors = [], []

    def worker():
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            sent.append(send_ledger_reminders(D(2026, 12, 21)))
        except Exception as exc:  # any error would be a failure of the job
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sum(sent) == 2
    assert ReminderLog.objects.filter(kind="ledger_update").count() == 2
    assert Notification.objects.filter(kind="ledger_update").count() == 2
