"""Production hardening seen from outside: CSP, idle staff sessions, expiring tokens, the client
address behind a proxy, rate limits, body size, Chinese whatever the browser, Chinese error pages."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.middleware import SEEN_KEY
from core.net import client_ip
from tests.accounts.test_registration import registration

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- Content-Security-Policy


def test_pages_carry_a_policy_of_our_own_files_only(client_as, bureau):
    response = client_as(bureau).get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert re.search(r"script-src 'self'(;| 'nonce-|$)", policy)
    assert "unsafe-inline" not in policy.split("style-src")[1].split(";")[0] or False
    assert "http" not in policy


def test_api_docs_run_their_inline_code_under_the_nonce(client_as, bureau):
    response = client_as(bureau).get("/api/docs/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    body = response.content.decode()
    assert f'<script nonce="{nonce}">' in body
    assert "https://" not in body


def _templates():
    return [p for p in ROOT.glob("**/templates/**/*.html") if ".venv" not in p.parts]


def test_templates_have_no_inline_code_without_a_nonce():
    """Inline scripts/styles are blocked by the policy: behaviour lives in static/js, looks in static/css."""
    offences = []
    for path in _templates():
        text = path.read_text()
        for match in re.finditer(r"<(script|style)\b([^>]*)>", text):
            attrs = match.group(2)
            if "src=" not in attrs and "nonce=" not in attrs:
                offences.append(f"{path.relative_to(ROOT)}: inline <{match.group(1)}>")
        if re.search(r'\sstyle="', text):
            offences.append(f"{path.relative_to(ROOT)}: style attribute")
        if re.search(r"\son[a-z]+=\"", text):
            offences.append(f"{path.relative_to(ROOT)}: inline event handler")
    assert not offences, offences


def test_favicon_is_linked_and_served_from_static():
    assert (ROOT / "static" / "favicon.svg").exists()
    assert "favicon.svg" in (ROOT / "templates" / "base.html").read_text()


# ---------------------------------------------------------------- sessions and tokens


def test_staff_session_ends_after_thirty_idle_minutes(client_as, liaison_wenxian, settings):
    client = client_as(liaison_wenxian)
    assert client.get("/").status_code == 200
    session = client.session
    session[SEEN_KEY] = int(timezone.now().timestamp()) - settings.STAFF_SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get("/talents/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/").status_code == 302  # signed out, not just redirected once


def test_an_active_staff_session_and_an_enterprise_session_stay(client_as, enterprise_user, bureau, settings):
    client = client_as(bureau)
    client.get("/")
    session = client.session
    session[SEEN_KEY] = int(timezone.now().timestamp()) - settings.STAFF_SESSION_IDLE_SECONDS + 120
    session.save()
    assert client.get("/").status_code == 200
    enterprise = client_as(enterprise_user)
    enterprise.get("/")
    assert SEEN_KEY not in enterprise.session


def _token_client(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_api_tokens_expire(enterprise_user, settings):
    token = Token.objects.create(user=enterprise_user)
    assert _token_client(token).get("/api/v1/me/").status_code == 200
    Token.objects.filter(pk=token.pk).update(
        created=timezone.now() - dt.timedelta(days=settings.API_TOKEN_TTL_DAYS + 1)
    )
    response = _token_client(token).get("/api/v1/me/")
    assert response.status_code in (401, 403)  # 403: session authentication is listed first
    assert "过期" in response.json()["detail"]
    assert not Token.objects.filter(user=enterprise_user).exists()


def test_a_password_change_revokes_api_tokens(enterprise_user):
    token = Token.objects.create(user=enterprise_user)
    enterprise_user.set_password("Another#Pass2026")
    enterprise_user.save()
    assert _token_client(token).get("/api/v1/me/").status_code in (401, 403)
    enterprise_user.name = "只改名字"
    enterprise_user.save()
    fresh = Token.objects.create(user=enterprise_user)
    assert _token_client(fresh).get("/api/v1/me/").status_code == 200


# ---------------------------------------------------------------- client address and limits


def test_client_address_behind_a_trusted_proxy():
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.1.2.3", REMOTE_ADDR="127.0.0.1")
    with override_settings(TRUSTED_PROXY_COUNT=0):
        assert client_ip(request) == "127.0.0.1"  # no proxy of ours: the header is the client's word
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert client_ip(request) == "10.1.2.3"  # what our proxy saw; the spoofed left entry is ignored


def test_login_lockout_is_per_real_client_behind_the_proxy(client, enterprise_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/accounts/login/",
            {"username": enterprise_user.username, "password": "wrong"},
            HTTP_X_FORWARDED_FOR="10.0.0.1",
        )
    locked = client.post(
        "/accounts/login/", {"username": enterprise_user.username, "password": "wrong"}, HTTP_X_FORWARDED_FOR="10.0.0.1"
    )
    assert locked.status_code in (403, 429)
    other = client.post(
        "/accounts/login/",
        {"username": enterprise_user.username, "password": "Jiaozuo#2026pass"},
        HTTP_X_FORWARDED_FOR="10.0.0.2",
    )
    assert other.status_code != 403 and other.status_code != 429


def _fresh_address() -> str:
    """Counters live in the (shared) cache: each test counts from an address of its own."""
    import uuid

    a, b, c = uuid.uuid4().bytes[:3]
    return f"10.{a}.{b}.{c}"


def test_registration_is_rate_limited_per_client(client, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "register": (3, 3600)}
    address, other = _fresh_address(), _fresh_address()
    for i in range(3):
        response = client.post("/accounts/register/", registration(username=f"u{i}x", uscc="bad"), REMOTE_ADDR=address)
        assert response.status_code == 200
    response = client.post("/accounts/register/", registration(username="u9x"), REMOTE_ADDR=address)
    assert response.status_code == 429
    assert "频繁" in response.content.decode()
    assert client.post("/accounts/register/", registration(uscc="bad"), REMOTE_ADDR=other).status_code == 200


def test_the_self_service_link_is_rate_limited(client, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "self_refresh": (2, 3600)}
    address = _fresh_address()
    assert client.get("/talents/r/not-a-token/", REMOTE_ADDR=address).status_code == 410
    assert client.get("/talents/r/not-a-token/", REMOTE_ADDR=address).status_code == 410
    assert client.get("/talents/r/not-a-token/", REMOTE_ADDR=address).status_code == 429


def test_an_oversized_body_is_refused_in_chinese_before_it_is_read(client_as, bureau, settings):
    settings.REQUEST_MAX_BYTES = 1000
    response = client_as(bureau).post("/accounts/register/", {"name": "x" * 2000})
    assert response.status_code == 413
    assert "请求内容过大" in response.content.decode()
    api = APIClient()
    api.force_authenticate(bureau)
    response = api.post("/api/v1/demands/", {"title": "x" * 2000}, format="json")
    assert response.status_code == 413 and "过大" in response.json()["detail"]


# ---------------------------------------------------------------- Chinese only


def test_an_english_browser_still_gets_chinese(client):
    response = client.post("/accounts/register/", {}, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert "该字段是必填项" in body
    assert "This field is required" not in body


def test_unknown_url_is_a_chinese_page_even_in_development(client, settings):
    settings.DEBUG = True
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in body
    assert "URLconf" not in body and "Page not found" not in body
