"""A leader opens the dashboard: charts render, a number opens its list, the handout prints on A4."""

import datetime as dt
import re

from django.utils import timezone

from engagements.models import Engagement
from tests import factories
from tests.demands.factories import make_achievement, make_demand
from tests.talents.factories import make_talent


def _world():
    year = timezone.localdate().year
    bureau = factories.make_bureau_user()
    leader = factories.make_leader()
    wx = factories.make_enterprise_user(name="焦作市看板测试机械有限公司", county=factories.county("wenxian"))
    qy = factories.make_enterprise_user(name="沁阳市看板测试材料有限公司", county=factories.county("qinyang"))
    institute = factories.make_institute_user(name="中国科学院看板测试研究所").organisation
    for name in ("甲", "乙", "丙"):
        make_talent("wenxian", name=name)
    make_talent("qinyang", name="丁", industries=("equipment",))
    demands = [make_demand(wx.organisation, status="published", title=f"温县需求{n}") for n in range(3)]
    make_demand(qy.organisation, status="published", title="沁阳需求")
    achievement = make_achievement(institute, status="published", title="看板测试成果")
    Engagement.objects.create(
        demand=demands[0],
        target_kind="achievement",
        achievement=achievement,
        county=factories.county("wenxian"),
        owner=bureau,
        status="signed",
        signed_on=dt.date(year, 3, 1),
    )
    return leader


def test_leader_dashboard_charts_drill_down_and_print(live_server, page, login):
    leader = _world()
    errors = []

    def console(msg):
        # A failed load is reported below with its URL (the browser's own /favicon.ico is not ours).
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            errors.append(msg.text)

    page.on("console", console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/favicon.ico") else None
        ),
    )

    login(leader.username, factories.DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="数据看板").is_visible()
    assert "数据更新于" in page.locator("[data-testid=generated-at]").inner_text()

    # Every chart with data is drawn on a canvas, next to its table.
    charts = page.locator(".dashboard-chart")
    assert charts.count() >= 5
    for i in range(charts.count()):
        assert charts.nth(i).locator("canvas").count() >= 1
    assert page.locator(".sparkline canvas").count() >= 1
    charts.first.hover()  # a tooltip appears, drawn without inline styles (the CSP refuses them)
    page.wait_for_timeout(300)
    bar = page.locator("[data-testid^=indicator-] .progress-bar").first
    assert bar.evaluate("el => el.style.width") != ""  # widths set by script, not by style attributes
    assert errors == []

    # A county's demand count opens the demand list filtered to that county, with as many rows.
    cell = page.locator("tr[data-county=wenxian] td[data-key=demands] a")
    assert cell.inner_text() == "3"
    cell.click()
    page.wait_for_load_state("networkidle")
    assert re.search(r"/demands/\?county=wenxian$", page.url)
    assert page.locator("table tbody tr", has_text="温县需求").count() == 3

    # The joint-meeting handout prints on A4 landscape.
    page.set_viewport_size({"width": 1047, "height": 740})  # 297 mm − 2 × 10 mm margins at 96 dpi
    page.goto(f"{live_server.url}/dashboard/print/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".dashboard-chart canvas").count() >= 5
    assert page.evaluate("document.documentElement.scrollWidth") <= 1047 + 2
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", landscape=True, print_background=True, prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 8
    assert errors == []
