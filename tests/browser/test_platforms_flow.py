"""A host proposes a platform, the bureau recognises it and the target count moves; anyone finds
a shared instrument on a phone without signing in."""

import pytest
from django.core.management import call_command

from platforms.models import Platform
from tests.platforms.factories import make_instrument, make_platform

PASSWORD = "Browser#Test2026"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_anonymous_finds_an_instrument_on_a_phone(phone_page, live_server, enterprise_user):
    platform = make_platform(enterprise_user.organisation, name="新材料中试基地", status="recognised")
    make_instrument(platform, name="X 射线衍射仪", services="物相鉴定、残余应力分析")
    make_instrument(platform, name="场发射扫描电子显微镜", services="微观形貌观察")
    phone_page.goto(f"{live_server.url}/accounts/login/")
    phone_page.get_by_role("link", name="查询可预约的共享仪器").click()
    phone_page.fill("#id_q", "物相")
    phone_page.get_by_role("button", name="搜索").click()
    cards = phone_page.get_by_test_id("instrument-cards")
    cards.get_by_text("X 射线衍射仪").wait_for()
    assert cards.get_by_text("场发射扫描电子显微镜").count() == 0
    assert cards.get_by_role("link", name="0391-3300118").is_visible()  # tap to call
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px on a phone"
    phone_page.screenshot(path="/tmp/phone_instruments.png", full_page=True)


def test_host_proposes_and_bureau_recognises(page, live_server, login):
    call_command("seed_demo", password=PASSWORD, users_only=True)
    login("enterprise_demo", PASSWORD)
    page.goto(f"{live_server.url}/platforms/")
    page.get_by_test_id("new-platform").click()
    page.fill("#id_name", "焦作示范机械智能液压工程技术研究中心")
    page.select_option("#id_platform_type", label="工程技术研究中心")
    page.select_option("#id_level", label="市级")
    page.get_by_label("高端装备制造").check()
    page.get_by_role("button", name="保存").click()
    page.get_by_test_id("status").filter(has_text="筹建").wait_for()
    platform = Platform.objects.get(name="焦作示范机械智能液压工程技术研究中心")
    assert platform.county.name == "温县"  # the host's county by default

    page.context.clear_cookies()
    login("bureau", PASSWORD)
    page.goto(f"{live_server.url}/platforms/")
    assert page.get_by_test_id("target-count").inner_text() == "0"
    page.get_by_role("link", name=platform.name).click()
    form = page.locator("form[data-target=recognised]")
    form.locator("input[name=document_number]").fill("焦科〔2026〕15号")
    form.get_by_role("button", name="认定").click()
    page.get_by_test_id("status").filter(has_text="已认定").wait_for()
    assert "筹建 → 已认定" in page.locator("#history").inner_text()
    page.goto(f"{live_server.url}/platforms/")
    assert page.get_by_test_id("target-count").inner_text() == "1"
    assert page.get_by_test_id("target-value").inner_text() == "300"
