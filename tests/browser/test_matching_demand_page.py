"""Browser: an enterprise opens its published demand's match page and sees the right achievement first."""

from tests import factories
from tests.matching import factories as f


def test_enterprise_sees_the_real_solution_first(page, login, live_server):
    enterprise = factories.make_enterprise_user(name="焦作市浏览器测试机械有限公司", county=factories.county("wenxian"))
    institute = factories.make_institute_user(name="浏览器测试研究院")
    f.achievement(
        institute.organisation,
        title="液压系统变频节能控制技术",
        summary="液压站液压泵变频调速，液压设备待机能耗下降30%。",
        industry="equipment",
        keywords=["液压", "节能"],
    )
    f.achievement(institute.organisation, title="高性能氟橡胶密封材料")
    f.achievement(institute.organisation, title="脉冲袋式除尘技术", summary="覆膜滤料袋式除尘器。")
    demand = f.demand(enterprise.organisation, keywords=["液压", "漏油"])

    login(enterprise.username, factories.DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/matching/demands/{demand.pk}/")
    first = page.locator("[data-testid=achievement-matches] li").first
    assert "高性能氟橡胶密封材料" in first.inner_text()
    assert "漏油" in first.inner_text()
    assert page.get_by_text("液压系统变频节能控制技术").is_visible()
