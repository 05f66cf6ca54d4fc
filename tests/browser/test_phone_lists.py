"""A liaison's talent list on a 390×844 phone: no sideways scrolling, names on one line."""

import pytest
from django.core.management import call_command

from tests.talents.factories import make_talent

PASSWORD = "Browser#Test2026"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_liaison_talent_list_fits_a_phone(phone_page, live_server):
    call_command("seed_demo", password=PASSWORD, users_only=True)
    for i, name in enumerate(["欧阳明远", "司马晓东", "李红梅", "诸葛文静"]):
        make_talent(
            "wenxian",
            name=name,
            employer="中国科学院大连化学物理研究所能源材料研究部" if i % 2 else "郑州大学",
            research_field="氟基功能材料与锂电池电解质研究",
        )
    _login(phone_page, live_server, "liaison_wenxian")
    phone_page.goto(f"{live_server.url}/talents/")
    phone_page.get_by_role("link", name="欧阳明远").wait_for()

    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px on a phone"
    table_overflow = phone_page.evaluate(
        "(() => { const t = document.querySelector('.table-responsive'); return t.scrollWidth - t.clientWidth; })()"
    )
    assert table_overflow <= 0, f"the talent table needs sideways scrolling ({table_overflow}px)"
    for name in ["欧阳明远", "诸葛文静"]:
        link = phone_page.get_by_role("link", name=name)
        box = link.bounding_box()
        line = phone_page.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)", link.element_handle())
        assert box["height"] < line * 1.5, f"{name} wraps onto several lines"
    assert phone_page.locator("td .badge", has_text="已入库").first.is_visible()
    phone_page.screenshot(path="/tmp/phone_talents.png", full_page=True)
