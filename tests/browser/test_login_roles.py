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
        ("bureau", "待审核的需求"),
        ("liaison_wenxian", "待县区初审的补助申报"),
        ("liaison_qinyang", "到期待更新的人才记录"),
        ("enterprise_demo", "退回修改的需求"),
        ("institute_demo", "草稿待提交的成果"),
        ("leader", "待决策的一事一议申报"),
        ("admin", "待甄别的人才记录"),
    ],
)
def test_each_demo_role_logs_in_and_sees_its_home(demo_users, login, page, username, expected):
    assert username in {u[0] for u in DEMO_USERS}
    login(username, PASSWORD)
    assert page.url.endswith("/")
    assert page.get_by_text(expected).first.is_visible()
    assert page.locator("[data-testid=bell]").is_visible()
