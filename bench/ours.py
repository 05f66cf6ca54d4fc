"""Our lists measured the way the floor measures itself: production settings (DEBUG off, the cached
template loader, no query log), in a process of their own, in-process test Client.

    python -m bench.ours '{"user": "bench_bureau", "repeat": 100, "rows": [["label", "api", "/api/v1/…"], …]}'

prints `{"label": {"p50": …, "p95": …, "queries": …}, …}` (or {"error": …} for a list that failed).
bench/floor.py runs it between runs of the floor; `production_env()` is the environment it needs.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "bench-only-" + "s" * 50


def production_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="testserver",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        DJANGO_SETTINGS_MODULE="jiaozuo_portal.settings",
        AXES_ENABLED="False",
    )
    return env


def collect_static() -> None:
    """Production serves hashed static files: their manifest must exist before a page renders."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=production_env(),
        check=True,
    )


def measure_lists(user: str, rows: list, repeat: int = 100) -> dict:
    spec = json.dumps({"user": user, "rows": rows, "repeat": repeat}, ensure_ascii=False)
    out = subprocess.run(
        [sys.executable, "-m", "bench.ours", spec], cwd=ROOT, env=production_env(), capture_output=True, text=True
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "bench.ours failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(spec: dict) -> dict:
    import django

    django.setup()
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from accounts.models import User

    from .measure import measure

    user = User.objects.get(username=spec["user"])
    token, _ = Token.objects.get_or_create(user=user)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    page = Client()
    page.force_login(user, backend="accounts.backends.PortalBackend")
    results = {}
    for label, kind, url in spec["rows"]:
        client = api if kind == "api" else page

        def fetch(client=client, url=url):
            response = client.get(url, secure=True)  # as behind the TLS proxy: no SSL redirect
            assert response.status_code == 200, (url, response.status_code)

        try:
            results[label] = measure(fetch, repeat=spec.get("repeat", 100), warmup=10)
        except Exception as exc:  # one broken list is a row saying so, not a lost run
            results[label] = {"error": f"{type(exc).__name__} {str(exc)[:80]}"}
    return results


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1])), ensure_ascii=False))
