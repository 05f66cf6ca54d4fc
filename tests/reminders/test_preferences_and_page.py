"""Each user chooses email or in-app only; the reminders page lists upcoming and sent reminders."""

import datetime as dt

import pytest
from django.core import mail

from core.models import NotificationPreference, ReminderLog
from core.notifications import notify
from supervision.reminders import send_ledger_reminders

pytestmark = pytest.mark.django_db


def test_in_app_only_user_gets_no_email(settings, liaison_wenxian, liaison_qinyang, django_capture_on_commit_callbacks):
    settings.NOTIFY_SEND_EMAIL = True
    NotificationPreference.objects.create(user=liaison_wenxian, channel="in_app")
    with django_capture_on_commit_callbacks(execute=True):
        send_ledger_reminders(dt.date(2026, 12, 21))
    assert [m.to for m in mail.outbox] == [[liaison_qinyang.email]]
    assert liaison_wenxian.notifications.filter(kind="ledger_update").exists()


def test_email_is_the_default(settings, bureau, django_capture_on_commit_callbacks):
    settings.NOTIFY_SEND_EMAIL = True
    with django_capture_on_commit_callbacks(execute=True):
        notify(bureau, "test", title="测试")
    assert len(mail.outbox) == 1


def test_user_sets_preference_on_the_reminders_page(client_as, liaison_wenxian):
    client = client_as(liaison_wenxian)
    response = client.post("/notifications/preference/", {"channel": "in_app"}, follow=True)
    assert "仅站内通知" in response.content.decode()
    assert NotificationPreference.objects.get(user=liaison_wenxian).channel == "in_app"
    response = client.post("/notifications/preference/", {"channel": "fax"}, follow=True)
    assert "请选择提醒方式" in response.content.decode()


def test_page_lists_own_sent_and_upcoming(client_as, liaison_wenxian, liaison_qinyang, bureau):
    send_ledger_reminders(dt.date(2026, 12, 21))
    page = client_as(liaison_wenxian).get("/reminders/").content.decode()
    assert "温县2026年第4季度台账" in page
    assert "沁阳" not in page.split("已发送")[1]
    assert "台账更新提醒" in page and "每季度结束前 10 天" in page
    bureau_page = client_as(bureau).get("/reminders/").content.decode()
    assert "温县2026年第4季度台账" in bureau_page and "沁阳市2026年第4季度台账" in bureau_page


def test_upcoming_shows_next_quarter_end(client_as, liaison_wenxian, enterprise_user):
    # Some quarter ends within the next 92 days of any day.
    page = client_as(liaison_wenxian).get("/reminders/").content.decode()
    assert "台账" in page.split("将发送")[1].split("已发送")[0]
    assert ReminderLog.objects.count() == 0  # looking does not send
    assert "没有需要发送给您的提醒" in client_as(enterprise_user).get("/reminders/").content.decode()


def test_reminders_reach_the_notifications_api(api_as, liaison_wenxian):
    send_ledger_reminders(dt.date(2026, 12, 21))
    data = api_as(liaison_wenxian).get("/api/v1/notifications/").json()
    items = data["results"] if isinstance(data, dict) else data
    assert any(n["kind"] == "ledger_update" and "台账" in n["title"] for n in items)
