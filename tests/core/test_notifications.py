import pytest
from django.core import mail
from django.urls import reverse

from core.models import Notification
from core.notifications import notify

pytestmark = pytest.mark.django_db


def test_notify_writes_notification_and_bell_shows_unread_count(client_as, liaison_wenxian):
    notify(liaison_wenxian, "test", title="有 3 条人才记录需要更新")
    body = client_as(liaison_wenxian).get(reverse("core:home")).content.decode()
    assert 'data-testid="bell"' in body
    assert '<span class="badge rounded-pill bg-danger">1</span>' in body
    listing = client_as(liaison_wenxian).get(reverse("core:notifications")).content.decode()
    assert "有 3 条人才记录需要更新" in listing


def test_same_dedupe_key_notifies_once(liaison_wenxian):
    first = notify(liaison_wenxian, "refresh_due", title="到期提醒", dedupe_key="2026-11-22")
    second = notify(liaison_wenxian, "refresh_due", title="到期提醒", dedupe_key="2026-11-22")
    assert first is not None and second is None
    assert Notification.objects.filter(recipient=liaison_wenxian).count() == 1


def test_email_is_sent_when_enabled(settings, liaison_wenxian, django_capture_on_commit_callbacks):
    settings.NOTIFY_SEND_EMAIL = True
    with django_capture_on_commit_callbacks(execute=True):
        n = notify(liaison_wenxian, "test", title="测试邮件")
    assert len(mail.outbox) == 1 and "测试邮件" in mail.outbox[0].subject
    n.refresh_from_db()
    assert n.emailed


def test_marking_read_is_only_for_the_recipient(client_as, liaison_wenxian, liaison_qinyang):
    n = notify(liaison_wenxian, "test", title="仅本人可见")
    assert client_as(liaison_qinyang).post(reverse("core:notification_read", args=[n.pk])).status_code == 404
    client_as(liaison_wenxian).post(reverse("core:notification_read", args=[n.pk]))
    n.refresh_from_db()
    assert n.read_at is not None
