"""The bureau's matching overview on a 390×844 phone: no sideways scrolling; the demand, its
enterprise and its best suggestion read in one cell, the match degree and the button beside it."""

from django.core.management import call_command

from accounts.models import User
from tests.matching import factories as f

from .test_phone_lists import PASSWORD, _login, phone_page  # noqa: F401  (fixture)


def test_match_overview_fits_a_phone(phone_page, live_server):  # noqa: F811
    call_command("seed_demo", password=PASSWORD, users_only=True)
    f.achievement(User.objects.get(username="institute_demo").organisation)
    enterprise = User.objects.get(username="enterprise_demo").organisation
    for title in ["一车间液压设备老是漏油，急需解决方案", "想找新材料方面的合作单位", "食堂排班靠手写"]:
        f.demand(enterprise, title=title)
    _login(phone_page, live_server, "bureau")
    phone_page.goto(f"{live_server.url}/matching/?order=weakest")
    phone_page.wait_for_load_state("networkidle")
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px on a phone"
    assert phone_page.get_by_text("最佳：高性能氟橡胶密封材料").first.is_visible()
    assert phone_page.get_by_text("知识库未识别问题").first.is_visible()
    button = phone_page.get_by_role("link", name="查看推荐").first.bounding_box()
    assert button["height"] < 40, "查看推荐 wraps"
    title = phone_page.get_by_role("link", name="一车间液压设备老是漏油，急需解决方案").bounding_box()
    assert title["width"] > 150, "the demand column is squeezed"
    phone_page.screenshot(path="/tmp/phone_match_overview.png", full_page=True)
