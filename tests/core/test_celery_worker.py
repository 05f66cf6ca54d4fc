"""Celery for real: a task goes through the configured broker (Redis in CI) to a worker."""

import os

import pytest
from celery.contrib.testing.worker import start_worker

from core.models import Notification
from core.notifications import notify
from jiaozuo_portal.celery import app

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a real broker (REDIS_URL)"),
]


@pytest.mark.django_db(transaction=True)
def test_notification_email_is_sent_by_a_real_worker(settings, liaison_wenxian):
    settings.NOTIFY_SEND_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    app.conf.task_always_eager = False
    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
        n = notify(liaison_wenxian, "test", title="经由 Redis 的提醒")
        for _ in range(100):
            if Notification.objects.get(pk=n.pk).emailed:
                break
            import time

            time.sleep(0.1)
    assert Notification.objects.get(pk=n.pk).emailed
