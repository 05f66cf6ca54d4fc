import pytest
from django.core.management import call_command

from accounts.demo_users import DEMO_USERS

PASSWORD = "Browser#Test2026"


@pytest.fixture
def demo_users():
    call_command("seed_demo", password=PASSWORD, users_only=True)


@pytest.mark.parametrize(
    "username, expected",
    [
        ("bureau", "市科技局：下一步工作"),
        ("liaison_wenxian", "县区联络员：下一步工作"),
        ("liaison_qinyang", "县区联络员：下一步工作"),
        ("enterprise_demo", "企业用户：下一步工作"),
        ("institute_demo", "高校院所：下一步工作"),
        ("leader", "领导：下一步工作"),
        ("admin", "市科技局：下一步工作"),
    ],
)
def test_each_demo_role_logs_in_and_sees_its_home(demo_users, login, page, username, expected):
    assert username in {u[0] for u in DEMO_USERS}
    login(username, PASSWORD)
    assert page.url.endswith("/")
    assert page.get_by_text(expected).first.is_visible()
    assert page.locator("[data-testid=bell]").is_visible()
