"""The bureau's review queues on a 390×844 phone: no sideways scrolling, the key cells on one line."""

import pytest
from django.core.management import call_command

from accounts.models import User
from demands.models import Demand
from tests.demands.factories import make_demand

from .test_phone_lists import PASSWORD, _login, phone_page  # noqa: F401  (fixture)


@pytest.mark.parametrize("path", ["/demands/review/", "/subsidies/review/"])
def test_bureau_review_queue_fits_a_phone(phone_page, live_server, path):  # noqa: F811
    call_command("seed_demo", password=PASSWORD, users_only=True)
    enterprise = User.objects.get(username="enterprise_demo").organisation
    if path.startswith("/subsidies/"):
        from subsidies.models import Claim
        from tests.subsidies.factories import make_claim

        user = User.objects.get(username="enterprise_demo")
        claim = make_claim(user, User.objects.get(username="bureau"))
        Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.BUREAU_REVIEW)
    for title in ["高端数控机床主轴热变形在线补偿技术需求", "液压设备密封件漏油长期治理", "食品冷链物流温控追溯"]:
        make_demand(enterprise, status=Demand.Status.PENDING_REVIEW, title=title)
    _login(phone_page, live_server, "bureau")
    phone_page.goto(f"{live_server.url}{path}")
    phone_page.wait_for_load_state("networkidle")
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px on a phone"
    table_overflow = phone_page.evaluate(
        "(() => { const t = document.querySelector('.table-responsive');"
        " return t ? t.scrollWidth - t.clientWidth : 0; })()"
    )
    assert table_overflow <= 0, f"the review table needs sideways scrolling ({table_overflow}px)"
    button = phone_page.get_by_test_id("filter-submit")
    if button.count():
        box = button.bounding_box()
        assert box["height"] < 40, "the 筛选 button wraps"
    if path.startswith("/demands/"):
        assert phone_page.locator("td .badge", has_text="待审核").first.is_visible()
    phone_page.screenshot(path=f"/tmp/phone_review{path.replace('/', '_')}.png", full_page=True)
