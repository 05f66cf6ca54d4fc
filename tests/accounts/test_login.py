import pytest
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def test_login_with_right_password_goes_home(client, bureau):
    response = client.post(reverse("accounts:login"), {"username": bureau.username, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_wrong_password_gets_chinese_message(client, bureau):
    response = client.post(reverse("accounts:login"), {"username": bureau.username, "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_failed_logins_are_throttled(client, bureau, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": bureau.username, "password": "wrong"})
    locked = client.post(reverse("accounts:login"), {"username": bureau.username, "password": DEFAULT_PASSWORD})
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_password_change_applies_django_validators(client_as, liaison_wenxian):
    client = client_as(liaison_wenxian)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "密码" in body and ("常见" in body or "数字" in body)
    ok = client.post(
        reverse("accounts:password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": "Wenxian#Talent9", "new_password2": "Wenxian#Talent9"},
    )
    assert ok.status_code == 302
    liaison_wenxian.refresh_from_db()
    assert liaison_wenxian.check_password("Wenxian#Talent9")


def test_logout_is_post_only_and_ends_session(client_as, bureau):
    client = client_as(bureau)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 302
