"""PostgreSQL restarts under a running app: the next request reconnects (CONN_HEALTH_CHECKS),
no restart of the app needed.

Restarts the cluster named by FAULT_PG_CLUSTER ("<version> <name>", e.g. "15 faulttest") listening
on FAULT_PG_PORT — a throwaway cluster, never the one other work is using:

    pg_createcluster 15 faulttest --port 5440 -- --auth=trust && pg_ctlcluster 15 faulttest start
    FAULT_PG_CLUSTER="15 faulttest" FAULT_PG_PORT=5440 pytest tests/faults/test_postgres_restart.py
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLUSTER = os.environ.get("FAULT_PG_CLUSTER", "")
PORT = os.environ.get("FAULT_PG_PORT", "")

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(
        not (CLUSTER and PORT), reason="needs a throwaway PostgreSQL cluster (FAULT_PG_CLUSTER, FAULT_PG_PORT)"
    ),
]

# One app process: a request, then (after the restart) another request over the same settings.
# The real WSGI handler (the test Client would switch off the per-request connection checks).
APP = """
import io, json, sys
from wsgiref.util import setup_testing_defaults
from django.core.wsgi import get_wsgi_application
application = get_wsgi_application()
def probe():
    environ = {"PATH_INFO": "/healthz", "HTTP_HOST": "127.0.0.1"}
    setup_testing_defaults(environ)
    status = []
    body = b"".join(application(environ, lambda s, h: status.append(s)))
    return [int(status[0].split()[0]), json.loads(body)["database"]]
print(json.dumps(probe()), flush=True)
sys.stdin.readline()
print(json.dumps(probe()), flush=True)
"""


def _environment(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL"}}
    environment.update(
        DJANGO_SETTINGS_MODULE="jiaozuo_portal.settings",
        DEBUG="True",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{PORT}/faultdb",
        DB_CONN_MAX_AGE="600",
        **env,
    )
    return environment


@pytest.fixture(scope="module", autouse=True)
def faultdb():
    """The portal's schema in a database of the throwaway cluster (migrated once)."""
    psql = ["psql", "-h", "127.0.0.1", "-p", PORT, "-U", "postgres", "-tAc"]
    exists = subprocess.run(
        [*psql, "SELECT 1 FROM pg_database WHERE datname='faultdb'"], capture_output=True, text=True
    )
    if exists.stdout.strip() != "1":
        subprocess.run([*psql, "CREATE DATABASE faultdb"], check=True, capture_output=True)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=_environment(), check=True
    )


def _app(**env):
    environment = _environment(**env)
    return subprocess.Popen(
        [sys.executable, "-c", APP],
        cwd=ROOT,
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _restart_cluster():
    version, name = CLUSTER.split()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart", "-m", "fast"], check=True)
    subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", PORT, "-t", "30"], check=True)


def _around_restart(**env):
    app = _app(**env)
    try:
        before = json.loads(app.stdout.readline())
        _restart_cluster()
        app.stdin.write("\n")
        app.stdin.flush()
        after = json.loads(app.stdout.readline())
    finally:
        app.kill()
        app.wait(timeout=30)
    return before, after


def test_the_app_keeps_answering_across_a_postgresql_restart():
    before, after = _around_restart()
    assert before == [200, "ok"]
    assert after == [200, "ok"]


def test_without_health_checks_the_first_request_after_a_restart_fails():
    """The control: what CONN_HEALTH_CHECKS prevents."""
    before, after = _around_restart(DB_CONN_HEALTH_CHECKS="False")
    assert before == [200, "ok"]
    assert after[0] == 503 and after[1].startswith("down")
