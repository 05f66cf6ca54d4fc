"""An enterprise registers, posts a demand; the bureau verifies it and publishes; the enterprise sees matches."""

import pytest
from django.core.management import call_command

from tests.demands.factories import make_achievement

PASSWORD = "Browser#Test2026"


@pytest.fixture
def demo_users():
    call_command("seed_demo", password=PASSWORD, users_only=True)


def test_enterprise_registers_posts_demand_and_sees_matches(demo_users, login, page, live_server):
    from accounts.models import Organisation
    from demands.models import Demand
    from tests import factories

    institute = Organisation.objects.get(name="中国科学院示范技术研究所")
    make_achievement(
        institute,
        status="published",
        title="高性能氟橡胶密封材料",
        summary="耐高温、耐油、耐高压的氟橡胶密封件，解决液压设备密封失效漏油问题。",
        industry=factories.industry("equipment"),
        keywords=["氟橡胶", "密封", "液压", "漏油"],
    )

    # 1. the enterprise signs up
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("text=注册单位账号")
    page.select_option("#id_kind", "enterprise")
    page.fill("#id_name", "焦作市浏览器测试液压有限公司")
    page.fill("#id_uscc", factories.make_uscc())
    page.select_option("#id_county", label="武陟县")
    page.select_option("#id_industry", label="高端装备制造")
    page.check("#id_is_high_tech")
    page.fill("#id_contact_name", "测试经理")
    page.fill("#id_contact_phone", "13903919999")
    page.fill("#id_username", "browser_ent")
    page.fill("#id_password1", "Liquid#Seal2026")
    page.fill("#id_password2", "Liquid#Seal2026")
    page.click("[data-testid=register-submit]")
    assert page.locator("[data-testid=register-done]").is_visible()

    # 2. the bureau verifies the unit
    login("bureau", PASSWORD)
    page.goto(f"{live_server.url}/accounts/organisations/?verification_status=pending")
    row = page.locator("tr", has_text="焦作市浏览器测试液压有限公司")
    row.get_by_role("button", name="核验通过").click()
    assert page.get_by_text("其账号已启用").is_visible()
    page.context.clear_cookies()

    # 3. the enterprise posts a demand and submits it
    login("browser_ent", "Liquid#Seal2026")
    page.goto(f"{live_server.url}/demands/new/")
    page.fill("#id_title", "液压设备老是漏油")
    page.select_option("#id_kind", "technology")
    page.select_option("#id_industry", label="高端装备制造")
    page.fill("#id_description", "液压支架使用半年后密封件老化，液压设备老是漏油，需要耐高压的密封材料。")
    page.fill("#id_keywords", "液压、漏油、密封")
    page.check("input[name=cooperation_modes][value=transfer]")
    page.click("[data-testid=submit]")
    assert page.locator("[data-testid=status]").inner_text() == "待审核"
    demand = Demand.objects.get(title="液压设备老是漏油")
    page.context.clear_cookies()

    # 4. the bureau publishes it from the review queue
    login("bureau", PASSWORD)
    page.goto(f"{live_server.url}/demands/review/")
    page.click("text=液压设备老是漏油")
    page.click("[data-testid=to-published]")
    assert page.locator("[data-testid=status]").inner_text() == "已发布"
    page.context.clear_cookies()

    # 5. the enterprise sees the matched achievement
    login("browser_ent", "Liquid#Seal2026")
    page.goto(f"{live_server.url}{demand.get_absolute_url()}")
    assert page.locator("[data-testid=status]").inner_text() == "已发布"
    page.click("[data-testid=matches-link]")
    assert page.locator("[data-testid=achievement-matches]").get_by_text("高性能氟橡胶密封材料").first.is_visible()
