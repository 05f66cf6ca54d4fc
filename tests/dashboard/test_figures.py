"""The figures on the known world (conftest) equal the counts made by hand."""

from decimal import Decimal

import pytest

from dashboard import figures
from tests import factories

from .conftest import Y

pytestmark = pytest.mark.django_db


def _indicators(user, **kwargs):
    return {i["code"]: i for i in figures.summary(user, **kwargs)["indicators"]}


def _county(data, code):
    return next(r for r in data["counties"] if r["county_code"] == code)


def test_indicators_equal_hand_counts(world):
    ind = _indicators(world.leader)
    assert ind["talent_pool"]["value"] == 4
    assert ind["talent_pool"]["target"] == 5000 and ind["talent_pool"]["target_year"] == 2025
    assert ind["talent_pool"]["ratio"] == Decimal("0.0008")
    assert ind["achievements_transferred"]["value"] == 2
    assert ind["achievements_transferred"]["ratio"] == Decimal("0.0250")
    assert ind["key_technologies"]["value"] == 8
    assert ind["key_technologies"]["ratio"] == Decimal("0.1600")
    assert ind["high_tech_enterprises"]["value"] == 300  # the latest year-end figure
    assert ind["agreements"]["value"] == 2
    assert ind["agreements"]["target"] == 100
    assert ind["projects_landed"]["value"] == 1
    assert ind["contract_turnover"]["value"] == Decimal("3500000.00")
    assert ind["contract_turnover"]["target"] == Decimal("3500000000.00")
    assert ind["contract_turnover"]["ratio"] == Decimal("0.0010")
    assert ind["subsidies_approved"]["value"] == Decimal("300000.00")
    assert ind["subsidies_disbursed"]["value"] == Decimal("200000.00")
    assert ind["subsidies_approved"]["target"] is None


def test_no_platforms_yet_is_zero_against_the_target(world):
    ind = _indicators(world.leader)
    assert ind["platforms"]["state"] == "ok"
    assert ind["platforms"]["value"] == 0 and ind["platforms"]["target"] == 300


def test_trend_by_year(world):
    ind = _indicators(world.leader)
    talents = {t["year"]: t["value"] for t in ind["talent_pool"]["trend"]}
    assert talents[Y - 1] == 1 and talents[Y] == 4  # cumulative
    agreements = {t["year"]: t["value"] for t in ind["agreements"]["trend"]}
    assert agreements[Y - 1] == 1 and agreements[Y] == 2  # per year
    tech = {t["year"]: t["value"] for t in ind["key_technologies"]["trend"]}
    assert tech[Y - 1] == 5 and tech[Y] == 8


def test_a_past_year(world):
    ind = _indicators(world.leader, year=Y - 1)
    assert ind["talent_pool"]["value"] == 1
    assert ind["agreements"]["value"] == 1
    assert ind["projects_landed"]["value"] == 0
    assert ind["contract_turnover"]["value"] == Decimal("500000.00")
    assert ind["key_technologies"]["value"] == 5
    assert ind["high_tech_enterprises"]["value"] == 300


def test_county_filter(world):
    ind = _indicators(world.leader, county=factories.county("wenxian"))
    assert ind["talent_pool"]["value"] == 3
    assert ind["agreements"]["value"] == 2
    assert ind["contract_turnover"]["value"] == Decimal("1000000.00")
    assert ind["subsidies_approved"]["value"] == Decimal("100000.00")
    assert ind["achievements_transferred"]["value"] == 1
    assert ind["key_technologies"]["state"] == "city_only"
    assert ind["agreements"]["target"] is None  # city-wide targets are not a county's


def test_county_ranking(world):
    data = figures.summary(world.leader)
    wx, qy = _county(data, "wenxian"), _county(data, "qinyang")
    assert (wx["talents"], wx["refresh_overdue"], wx["demands"]) == (3, 1, 3)
    assert (wx["engagements_signed"], wx["engagements_landed"], wx["engagements_intent"]) == (2, 1, 0)
    assert (wx["contracts"], wx["contract_amount"]) == (1, Decimal("1000000.00"))
    assert (wx["subsidies"], wx["subsidy_amount"]) == (1, Decimal("100000.00"))
    assert (qy["talents"], qy["demands"], qy["engagements_intent"]) == (1, 1, 1)
    assert (qy["contracts"], qy["contract_amount"], qy["subsidy_amount"]) == (
        1,
        Decimal("2500000.00"),
        Decimal("200000.00"),
    )


def test_bureau_counts_drafts_leaders_do_not(world):
    assert _county(figures.summary(world.bureau), "wenxian")["demands"] == 4
    assert _county(figures.summary(world.leader), "wenxian")["demands"] == 3


def test_charts(world):
    charts = {c["code"]: c for c in figures.summary(world.leader)["charts"]}
    industries = {r["label"]: r["values"][0] for r in charts["talents_by_industry"]["rows"]}
    assert industries == {"高端装备制造": 1, "新材料": 4}
    funnel = {r["label"]: r["values"][0] for r in charts["demand_funnel"]["rows"]}
    assert funnel["已发布"] == 3 and funnel["待审核"] == 1 and "草稿" not in funnel
    pipeline = {r["label"]: r["values"][0] for r in charts["engagement_pipeline"]["rows"]}
    assert {k: v for k, v in pipeline.items() if v} == {"意向": 1, "签约": 2, "落地": 1}
    quarters = [r["values"] for r in charts["subsidies_by_quarter"]["rows"]]
    assert quarters == [
        [Decimal("100000.00"), Decimal("0.00")],
        [Decimal("200000.00"), Decimal("0.00")],
        [Decimal("0.00"), Decimal("200000.00")],
        [Decimal("0.00"), Decimal("0.00")],
    ]
    overdue = {r["label"]: r["values"][0] for r in charts["refresh_overdue_by_county"]["rows"]}
    assert overdue["温县"] == 1 and overdue["沁阳市"] == 0
    assert charts["platforms_by_type"]["state"] == "empty"


def test_aggregates_take_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    """Database aggregates, not a loop over records: the query count does not grow with data."""
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(40):
        figures.compute(world.leader, year=Y)


def test_targets_follow_the_data(world):
    from dashboard.models import Target

    Target.objects.create(
        code="agreements", name="产学研合作签约", kind="annual", start_year=2026, year=2030, value=150, unit="项"
    )
    ind = _indicators(world.leader, year=2026)
    if Y >= 2026:
        assert ind["agreements"]["target"] == 150
