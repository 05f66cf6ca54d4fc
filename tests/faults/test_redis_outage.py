"""Redis goes down while people work: the page still answers, the work waits in the outbox, and
when Redis is back each task is published once and each email sent once.

Runs against a Redis of its own (redis-server on FAULT_REDIS_PORT, 6390 by default) that it
stops and starts, so nobody else's Redis is touched; needs the real services (REDIS_URL and
DATABASE_URL set, as in CI).
"""

import json
import os
import shutil
import subprocess
import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.core import mail

from core import outbox
from core.models import Notification, OutboxTask
from jiaozuo_portal.celery import app
from tests.demands.factories import make_demand

PORT = int(os.environ.get("FAULT_REDIS_PORT", "6390"))
URL = f"redis://127.0.0.1:{PORT}/0"

pytestmark = [
    pytest.mark.faults,
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not (os.environ.get("REDIS_URL") and os.environ.get("DATABASE_URL") and shutil.which("redis-server")),
        reason="needs the real services (REDIS_URL, DATABASE_URL) and redis-server",
    ),
]


class OwnRedis:
    def __init__(self):
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(URL)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {PORT} did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def own_redis(settings):
    server = OwnRedis()
    server.start()
    previous = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url = URL
    app.conf.task_always_eager = False
    app._pool = None
    app.amqp._producer_pool = None
    settings.CELERY_BROKER_URL = URL
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield server
    server.stop()
    app.conf.broker_url, app.conf.task_always_eager = previous
    app._pool = None
    app.amqp._producer_pool = None


def _queued_task_ids() -> list[str]:
    messages = redis.Redis.from_url(URL).lrange("celery", 0, -1)
    return [json.loads(m)["headers"]["id"] for m in messages]


@pytest.mark.django_db(transaction=True)
def test_redis_down_then_back_delivers_each_task_exactly_once(own_redis, settings, client_as, enterprise_user, bureau):
    settings.NOTIFY_SEND_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    bureau.email = "reviewer@jiaozuo.gov.cn"
    bureau.save()
    demand = make_demand(enterprise_user.organisation, status="draft")
    client = client_as(enterprise_user)
    OutboxTask.objects.all().delete()

    own_redis.stop()
    response = client.post(f"/demands/{demand.pk}/transition/", {"to": "pending_review", "comment": ""})
    assert response.status_code == 302  # committed and answered, not a 500
    demand.refresh_from_db()
    assert demand.status == "pending_review"
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["broker"].startswith("down")
    assert client.get("/").status_code == 200  # pages keep working
    pending = list(OutboxTask.objects.filter(sent_at__isnull=True).values_list("pk", flat=True))
    assert pending, "the notification email must wait in the outbox"
    assert health.json()["outbox_pending"] == len(pending)

    own_redis.start()
    assert outbox.dispatch() == len(pending)
    assert outbox.dispatch() == 0  # a second beat run sends nothing again
    ids = _queued_task_ids()
    assert sorted(ids) == sorted(f"outbox-{pk}" for pk in pending)  # each exactly once

    notification = Notification.objects.get(recipient=bureau, object_id=str(demand.pk))
    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
        for _ in range(100):
            if Notification.objects.get(pk=notification.pk).emailed:
                break
            time.sleep(0.1)
    assert Notification.objects.get(pk=notification.pk).emailed
    assert [m.to for m in mail.outbox].count([bureau.email]) == 1
