"""One source of figures: the page, the summary API and the lists behind the numbers agree."""

import json

import pytest
from django.urls import reverse

from dashboard import figures

from .conftest import Y

pytestmark = pytest.mark.django_db

URLS = ["/dashboard/", "/dashboard/print/", "/dashboard/export/", "/api/v1/dashboard/summary/"]


@pytest.mark.parametrize("persona", ["liaison_wenxian", "enterprise_user", "institute_user"])
@pytest.mark.parametrize("url", URLS)
def test_other_roles_cannot_open_the_dashboard(request, client_as, persona, url):
    user = request.getfixturevalue(persona)
    assert client_as(user).get(url).status_code == 403


@pytest.mark.parametrize("url", URLS)
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/")


def test_summary_api_shape(world, api_as):
    data = api_as(world.leader).get("/api/v1/dashboard/summary/").json()
    assert data["year"] == Y
    first = data["indicators"][0]
    assert {"code", "name", "value", "target", "ratio"} <= set(first)
    ind = {i["code"]: i for i in data["indicators"]}
    assert ind["talent_pool"]["value"] == 4 and ind["talent_pool"]["ratio"] == 0.0008
    assert ind["contract_turnover"]["value"] == 3500000.0
    assert ind["platforms"]["value"] == 0 and ind["platforms"]["target"] == 300
    assert {"county", "talents", "refresh_overdue", "demands", "contracts", "contract_amount"} <= set(
        data["counties"][0]
    )


def test_summary_api_filters(world, api_as):
    client = api_as(world.leader)
    data = client.get("/api/v1/dashboard/summary/", {"year": Y - 1, "county": "温县"}).json()
    assert data["year"] == Y - 1 and data["county"] == "温县"
    assert [r["county"] for r in data["counties"]] == ["温县"]
    assert client.get("/api/v1/dashboard/summary/", {"year": "abc"}).status_code == 400
    assert client.get("/api/v1/dashboard/summary/", {"county": "火星县"}).status_code == 400


def test_page_shows_what_the_api_returns(world, client_as, api_as):
    api = api_as(world.leader).get("/api/v1/dashboard/summary/").json()
    response = client_as(world.leader).get("/dashboard/")
    assert response.status_code == 200
    page = json.loads(json.dumps(response.context["data"], default=float))
    # The two requests may fall in different seconds when the cache is shared (Redis).
    page.pop("generated_at"), api.pop("generated_at")
    assert page == api
    html = response.content.decode()
    assert "数据更新于" in html
    assert 'data-testid="indicator-talent_pool"' in html
    assert "350.00 万元" in html  # 3,500,000 元 turnover as leaders read it


def _list_count(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["paginator"].count


@pytest.mark.parametrize("persona", ["bureau", "leader"])
def test_numbers_equal_the_lists_they_link_to(world, client_as, persona):
    user = getattr(world, persona)
    data = figures.summary(user)
    client = client_as(user)
    checked = 0
    for item in data["indicators"]:
        # 家次 counts the enterprises taking part in the linked events; recorded figures link to their entry page.
        exempt = ("key_technologies", "high_tech_enterprises", "enterprise_visits")
        if item["link"] and item["unit"] != "元" and item["code"] not in exempt:
            assert _list_count(client, item["link"]) == item["value"], item["code"]
            checked += 1
    for row in data["counties"]:
        for key, link in row["links"].items():
            if key not in ("contract_amount", "subsidy_amount"):
                assert _list_count(client, link) == row[key], (row["county"], key)
                checked += 1
    for chart in data["charts"]:
        for row in chart["rows"]:
            for value, link in zip(row["values"], row["links"], strict=True):
                if link:
                    assert _list_count(client, link) == value, (chart["code"], row["label"])
                    checked += 1
    assert checked > 20


def test_links_only_to_lists_the_role_may_open(world):
    leader = {i["code"]: i for i in figures.summary(world.leader)["indicators"]}
    bureau = {i["code"]: i for i in figures.summary(world.bureau)["indicators"]}
    assert leader["talent_pool"]["link"] is None  # leaders never open talent records
    assert bureau["talent_pool"]["link"].startswith(reverse("talents:list"))
    assert bureau["key_technologies"]["link"] == reverse("dashboard:recorded")
    assert leader["key_technologies"]["link"] is None  # the bureau's entry page
    assert leader["launch_events"]["link"] == reverse("events:list") + f"?kind=launch&status=held&year={Y}"


def test_money_links_open_the_records_that_add_up(world, client_as):
    client = client_as(world.leader)
    data = figures.summary(world.leader)
    ind = {i["code"]: i for i in data["indicators"]}
    response = client.get(ind["subsidies_approved"]["link"])
    claims = list(response.context["paginator"].object_list)
    assert sum(c.approved_amount for c in claims) == ind["subsidies_approved"]["value"]


def test_ranking_sorts_without_javascript(world, client_as):
    response = client_as(world.leader).get("/dashboard/", {"sort": "demands", "dir": "asc"})
    names = [r["county"] for r in response.context["counties"] if r["county_code"]]
    counts = [r["demands"] for r in response.context["counties"] if r["county_code"]]
    assert counts == sorted(counts)
    assert names.index("温县") == len(names) - 1
    response = client_as(world.leader).get("/dashboard/", {"sort": "demands"})
    assert response.context["counties"][0]["county"] == "温县"
    assert response.context["counties"][0]["rank"] == 1


def test_no_personal_data_for_leaders(world, client_as):
    html = client_as(world.leader).get("/dashboard/").content.decode()
    for secret in ("甲", "13903910001", "13800000001"):
        assert secret not in html


def test_print_view_is_a4_landscape(world, client_as):
    response = client_as(world.leader).get("/dashboard/print/")
    assert response.status_code == 200
    assert "navbar" not in response.content.decode()
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/dashboard/dashboard.css").read_text()
    assert "size: A4 landscape" in css


def test_home_card_for_leaders(world, client_as):
    html = client_as(world.leader).get("/").content.decode()
    assert "数据看板" in html and reverse("dashboard:index") in html
