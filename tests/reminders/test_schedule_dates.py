"""The dates each reminder job fires on, with the date passed explicitly (a frozen clock)."""

import datetime as dt

import pytest

from core.models import ReminderLog
from core.reminders import quarter_end, run_all
from events.reminders import fair_preparation_due, send_fair_reminders
from supervision.reminders import (
    ledger_reminder_due,
    meeting_reminder_due,
    send_ledger_reminders,
    send_meeting_reminders,
    send_overdue_reminders,
)
from tests.supervision.factories import task

D = dt.date


@pytest.mark.parametrize(
    "year, quarter, end",
    [
        (2026, 1, D(2026, 3, 31)),
        (2026, 2, D(2026, 6, 30)),
        (2026, 3, D(2026, 9, 30)),
        (2026, 4, D(2026, 12, 31)),
        (2028, 1, D(2028, 3, 31)),
    ],
)
def test_quarter_ends(year, quarter, end):
    assert quarter_end(year, quarter) == end


@pytest.mark.parametrize(
    "day, due",
    [
        (D(2026, 3, 20), False),
        (D(2026, 3, 21), True),  # 10 days before 31 March
        (D(2026, 3, 31), True),
        (D(2026, 4, 1), False),
        (D(2026, 6, 19), False),
        (D(2026, 6, 20), True),  # 10 days before 30 June
        (D(2026, 9, 20), True),
        (D(2026, 12, 20), False),
        (D(2026, 12, 21), True),  # 10 days before 31 December
        (D(2026, 12, 31), True),  # year end: still the Q4 window
        (D(2027, 1, 1), False),  # new year: nothing until 21 March
        (D(2028, 2, 29), False),  # leap day: Q1 window not open yet
        (D(2028, 3, 21), True),  # leap year: still 10 days before 31 March, not shifted by 29 Feb
    ],
)
def test_ledger_reminder_window(day, due):
    assert ledger_reminder_due(day) is due


@pytest.mark.parametrize(
    "day, due",
    [
        (D(2026, 2, 28), False),
        (D(2026, 3, 1), True),
        (D(2026, 12, 1), True),
        (D(2026, 11, 30), False),
        (D(2028, 2, 29), False),
        (D(2028, 3, 1), True),
    ],
)
def test_joint_meeting_window(day, due):
    assert meeting_reminder_due(day) is due


@pytest.mark.parametrize(
    "day, due",
    [
        (D(2026, 2, 28), False),
        (D(2026, 3, 1), True),
        (D(2026, 12, 31), True),
        (D(2027, 3, 1), False),  # odd year: no fair
        (D(2028, 2, 29), False),  # leap day, before 1 March
        (D(2028, 3, 1), True),
        (D(2030, 6, 1), True),
    ],
)
def test_fair_preparation_only_in_even_years(day, due):
    assert fair_preparation_due(day) is due


@pytest.mark.django_db
def test_ledger_reminder_reaches_each_county_liaison_on_the_day(liaison_wenxian, liaison_qinyang):
    assert send_ledger_reminders(D(2026, 12, 20)) == 0
    assert send_ledger_reminders(D(2026, 12, 21)) == 2
    log = ReminderLog.objects.get(recipient=liaison_wenxian)
    assert (log.kind, log.period) == ("ledger_update", "2026-Q4")
    assert "12月31日" in log.title and "温县" in log.title
    assert send_ledger_reminders(D(2027, 1, 1)) == 0


@pytest.mark.django_db
def test_missed_day_catches_up_once_within_the_window(liaison_wenxian):
    assert send_ledger_reminders(D(2026, 12, 27)) == 1  # beat was down on the 21st
    assert send_ledger_reminders(D(2026, 12, 31)) == 0
    assert send_ledger_reminders(D(2027, 3, 21)) == 1  # next quarter, next period


@pytest.mark.django_db
def test_overdue_reminder_daily_and_leap_day(liaison_wenxian, bureau):
    task("wenxian", due_on=D(2028, 2, 28), title="上报季度数据")
    task("wenxian", due_on=D(2028, 2, 29), title="闰日到期的任务")
    assert send_overdue_reminders(D(2028, 2, 28)) == 0  # due today is not overdue
    assert send_overdue_reminders(D(2028, 2, 29)) == 2  # the liaison's digest and the bureau's
    body = ReminderLog.objects.get(recipient=liaison_wenxian, period="2028-02-29").notification.body
    assert "上报季度数据" in body and "闰日到期的任务" not in body
    assert send_overdue_reminders(D(2028, 3, 1)) == 2
    body = ReminderLog.objects.get(recipient=liaison_wenxian, period="2028-03-01").notification.body
    assert "闰日到期的任务" in body


@pytest.mark.django_db
def test_done_task_is_not_overdue(liaison_wenxian, bureau):
    from core.workflow import transition

    t = task("wenxian", due_on=D(2026, 5, 1))
    transition(t, "done", liaison_wenxian, comment="已办结")
    assert send_overdue_reminders(D(2026, 5, 10)) == 0


@pytest.mark.django_db
def test_meeting_reminder_to_bureau_leaders_and_units(bureau, leader, liaison_wenxian, institute_user):
    assert send_meeting_reminders(D(2026, 11, 30)) == 0
    assert send_meeting_reminders(D(2026, 12, 1)) == 3
    assert not ReminderLog.objects.filter(recipient=institute_user).exists()
    assert "召集" in ReminderLog.objects.get(recipient=bureau).notification.body


@pytest.mark.django_db
def test_fair_reminders_even_year_and_countdown(bureau, liaison_wenxian):
    from events.models import Event

    assert send_fair_reminders(D(2027, 3, 1)) == 0
    assert send_fair_reminders(D(2028, 2, 29)) == 0
    assert send_fair_reminders(D(2028, 3, 1)) == 2
    Event.objects.create(
        kind="fair", title="2028年洽谈会", date=D(2028, 9, 20), organiser="领导小组办公室", status="upcoming"
    )
    assert send_fair_reminders(D(2028, 8, 20)) == 0  # 31 days before
    assert send_fair_reminders(D(2028, 8, 21)) == 2  # 30 days before: the countdown
    assert send_fair_reminders(D(2028, 9, 21)) == 0  # after the fair
    assert ReminderLog.objects.filter(kind="fair_preparation", period="2028-countdown").count() == 2


@pytest.mark.django_db
def test_run_all_as_of_a_date(liaison_wenxian, bureau):
    sent = run_all(D(2026, 12, 21))
    assert set(sent) >= {
        "ledger_update",
        "joint_meeting",
        "task_overdue",
        "fair_preparation",
        "engagement_follow_up",
        "talent_refresh_due",
    }
    assert sent["ledger_update"] == 1
    assert sent["joint_meeting"] == 2
    assert run_all(D(2026, 12, 21)) == {k: 0 for k in sent}
