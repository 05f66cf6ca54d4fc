"""The daily follow-up reminder notifies each owner once per follow-up date."""

import datetime as dt

import pytest
from django.utils import timezone

from core.models import Notification
from engagements.tasks import send_follow_up_reminders

pytestmark = pytest.mark.django_db


def test_reminder_run_twice_notifies_once(bureau, engagement):
    engagement.next_follow_up_on = timezone.localdate()
    engagement.save()
    assert send_follow_up_reminders.delay().get() == 1
    assert send_follow_up_reminders.delay().get() == 0
    assert Notification.objects.filter(recipient=bureau, kind="engagement_follow_up").count() == 1


def test_no_reminder_before_the_date_or_when_closed(bureau, engagement):
    from core.workflow import transition

    engagement.next_follow_up_on = timezone.localdate() + dt.timedelta(days=3)
    engagement.save()
    assert send_follow_up_reminders() == 0
    engagement.next_follow_up_on = timezone.localdate()
    engagement.save()
    transition(engagement, "terminated", bureau, comment="终止")
    assert send_follow_up_reminders() == 0


def test_new_date_reminds_again(bureau, engagement):
    from engagements.services import send_follow_up_reminders as run

    today = timezone.localdate()
    engagement.next_follow_up_on = today - dt.timedelta(days=2)
    engagement.save()
    assert run(today) == 1
    engagement.next_follow_up_on = today
    engagement.save()
    assert run(today) == 1
    assert Notification.objects.filter(kind="engagement_follow_up").count() == 2
