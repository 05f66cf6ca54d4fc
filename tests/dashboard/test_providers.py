"""Adding a figure is a few lines: a provider function registered for an indicator or a column."""

import pytest

from dashboard import figures
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def restore_registry():
    indicators = dict(figures.INDICATORS)
    extras = list(figures.EXTRA_COUNTY_COLUMNS)
    yield
    figures.INDICATORS.clear()
    figures.INDICATORS.update(indicators)
    figures.EXTRA_COUNTY_COLUMNS[:] = extras


def test_a_declared_indicator_gets_its_provider(world, restore_registry):
    figures.declare("expert_visits", "专家走进企业", "人次", "annual", order=95)
    before = {i["code"]: i for i in figures.compute(world.leader, year=world.year)["indicators"]}
    assert before["expert_visits"]["state"] == "no_source"

    figures.indicator("expert_visits", "专家走进企业", "人次", "annual", order=95)(lambda scope: {world.year: 3})
    from dashboard.models import Target

    Target.objects.create(
        code="expert_visits", name="专家走进企业", kind="annual", start_year=2020, year=2030, value=4, unit="人次"
    )

    after = {i["code"]: i for i in figures.compute(world.leader, year=world.year)["indicators"]}
    assert after["expert_visits"]["value"] == 3
    assert str(after["expert_visits"]["ratio"]) == "0.7500"  # the target comes from the data


def test_a_ranking_column_provider_replaces_the_no_source_note(world, restore_registry, monkeypatch):
    monkeypatch.setattr(figures, "DECLARED_COUNTY_COLUMNS", [*figures.DECLARED_COUNTY_COLUMNS, ("credit", "信用记录")])
    data = figures.compute(world.leader, year=world.year)
    assert [c["key"] for c in data["unavailable_columns"]] == ["credit"]

    wenxian = factories.county("wenxian").pk
    figures.county_columns(("credit", "信用记录", False))(lambda scope: {wenxian: {"credit": 2}})

    data = figures.compute(world.leader, year=world.year)
    assert data["unavailable_columns"] == []
    rows = {r["county_code"]: r for r in data["counties"]}
    assert rows["wenxian"]["credit"] == 2
    assert rows["qinyang"]["credit"] is None


def test_a_target_row_without_any_provider_is_shown_as_no_source(world):
    from dashboard.models import Target

    Target.objects.create(code="talents_introduced", name="高层次人才（团队）引育", year=2025, value=180, unit="个")
    ind = {i["code"]: i for i in figures.compute(world.leader, year=world.year)["indicators"]}
    assert ind["talents_introduced"]["state"] == "no_source"
    assert ind["talents_introduced"]["target"] == 180


def test_ranking_by_a_column_some_counties_lack(world, restore_registry, client_as):
    wenxian = factories.county("wenxian").pk
    figures.county_columns(("credit", "信用记录", False))(lambda scope: {wenxian: {"credit": 92}})
    for direction in ("asc", "desc"):
        response = client_as(world.leader).get("/dashboard/", {"sort": "credit", "dir": direction})
        assert response.status_code == 200
        assert response.context["counties"][0]["county_code"] == "wenxian"


def test_other_pages_read_the_same_target_data(world):
    """The platform list's progress and the events page's yearly targets come from the table."""
    from dashboard.models import Target
    from events.services import yearly_counts
    from platforms.targets import platform_target

    assert platform_target() == (300, 2025)
    Target.objects.filter(code="platforms").update(value=320)
    assert platform_target() == (320, 2025)
    Target.objects.filter(code="launch_events").update(value=6)
    launch = next(r for r in yearly_counts(world.leader, world.year) if r["key"] == "launch_events")
    assert launch["target"] == 6
