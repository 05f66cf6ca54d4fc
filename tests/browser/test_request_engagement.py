"""申请对接 end to end: an enterprise asks from its demand's match page, the bureau accepts,
both parties see the engagement in 意向."""

from django.core.management import call_command

from accounts.models import User
from engagements.models import Engagement
from tests.matching import factories as f

PASSWORD = "Browser#Test2026"


def _as(browser, live_server, username):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return context, page


def test_enterprise_requests_bureau_accepts_both_see_it(browser, live_server):
    call_command("seed_demo", password=PASSWORD, users_only=True)
    enterprise = User.objects.get(username="enterprise_demo").organisation
    institute = User.objects.get(username="institute_demo").organisation
    seal = f.achievement(institute)
    demand = f.demand(enterprise)

    context, page = _as(browser, live_server, "enterprise_demo")
    page.goto(f"{live_server.url}/matching/demands/{demand.pk}/")
    row = page.locator(f"[data-match-id='{seal.pk}']")
    assert row.get_by_test_id("match-degree").inner_text().isdigit()
    row.get_by_role("button", name="申请对接").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("已提交对接申请").is_visible()
    engagement = Engagement.objects.get(demand=demand, achievement=seal)
    assert engagement.status == "requested"
    context.close()

    context, page = _as(browser, live_server, "bureau")
    page.get_by_test_id("todo").filter(has_text="待受理的对接申请").click()
    page.get_by_role("link", name=demand.title).first.click()
    page.locator("form[data-target='intent']").get_by_role("button", name="受理对接").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("对接已进入“意向”阶段").is_visible()
    context.close()

    for username in ("enterprise_demo", "institute_demo"):
        context, page = _as(browser, live_server, username)
        page.goto(f"{live_server.url}/engagements/{engagement.pk}/")
        assert page.locator(".badge.text-bg-primary", has_text="意向").is_visible()
        context.close()
    engagement.refresh_from_db()
    assert engagement.status == "intent"
