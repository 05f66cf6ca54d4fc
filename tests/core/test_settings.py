"""Settings fall back to SQLite and eager Celery, and production mode demands its secrets.

Each case starts a fresh interpreter with a controlled environment, because settings are
read once at import.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'eager': s.CELERY_TASK_ALWAYS_EAGER, "
    "'broker': s.CELERY_BROKER_URL, 'debug': s.DEBUG}))"
)
CLEAN = {
    k: v
    for k, v in os.environ.items()
    if k
    not in {
        "DATABASE_URL",
        "REDIS_URL",
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "EMAIL_HOST",
        "EMAIL_BACKEND",
    }
}


def run(code, **env):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**CLEAN, "DJANGO_SETTINGS_MODULE": "jiaozuo_portal.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_development_mode_with_nothing_else_set_means_sqlite_and_eager_tasks():
    out = json.loads(run(PROBE, DEBUG="True").stdout.strip().splitlines()[-1])
    assert out == {"engine": "django.db.backends.sqlite3", "eager": True, "broker": "memory://", "debug": True}


def test_production_is_the_default_and_refuses_to_start_without_its_secrets():
    result = run(PROBE)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "生产模式" in result.stderr


def test_production_refuses_the_console_email_backend():
    result = run(
        PROBE,
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="portal.example.cn",
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
    )
    assert result.returncode != 0
    assert "控制台" in result.stderr
    result = run(PROBE, SECRET_KEY="x" * 60, ALLOWED_HOSTS="portal.example.cn")
    assert result.returncode != 0 and "EMAIL_HOST" in result.stderr


def test_production_with_its_secrets_starts_with_health_checked_connections_and_email_timeout():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.DATABASES['default']['CONN_HEALTH_CHECKS'], s.EMAIL_TIMEOUT, s.EMAIL_BACKEND)"
    )
    result = run(
        code,
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="portal.example.cn",
        EMAIL_HOST="smtp.example.cn",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/x",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "10", "django.core.mail.backends.smtp.EmailBackend"]


def test_database_and_redis_urls_switch_to_postgresql_and_redis():
    result = run(
        PROBE, DEBUG="True", DATABASE_URL="postgres://postgres@127.0.0.1:5432/x", REDIS_URL="redis://127.0.0.1:6379/0"
    )
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["engine"] == "django.db.backends.postgresql"
    assert out["eager"] is False and out["broker"] == "redis://127.0.0.1:6379/0"


def test_production_mode_without_secret_key_stops_with_clear_message():
    result = run(PROBE, DEBUG="False", ALLOWED_HOSTS="portal.example.cn")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "生产模式" in result.stderr


def test_production_mode_without_allowed_hosts_stops_with_clear_message():
    result = run(PROBE, DEBUG="False", SECRET_KEY="x" * 60, EMAIL_HOST="smtp.example.cn")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_check_deploy_is_clean_in_production_mode():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **CLEAN,
            "DEBUG": "False",
            "SECRET_KEY": "k9$Qz!vR2#mW8pL@x4Ty7&uN1*bE6^cH3%fJ5(gD0)sA-iO+eK=wU_yM",
            "ALLOWED_HOSTS": "portal.jiaozuo.gov.cn",
            "EMAIL_HOST": "smtp.jiaozuo.gov.cn",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_postgresql_connections_plan_for_ssd_unless_told_otherwise():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps(s.DATABASES['default'].get('OPTIONS', {})))"
    )
    url = "postgres://postgres@127.0.0.1:5432/jiaozuo_unused"
    tuned = json.loads(run(code, DEBUG="True", DATABASE_URL=url).stdout)
    assert tuned["options"] == "-c random_page_cost=1.1"
    left = json.loads(run(code, DEBUG="True", DATABASE_URL=url, DB_RANDOM_PAGE_COST="").stdout)
    assert "options" not in left
    sqlite = json.loads(run(code, DEBUG="True").stdout)
    assert "options" not in sqlite
