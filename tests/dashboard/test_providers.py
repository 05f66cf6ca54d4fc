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
    before = {i["code"]: i for i in figures.compute(world.leader, year=world.year)["indicators"]}
    assert before["launch_events"]["state"] == "no_source"

    figures.indicator("launch_events", "成果发布会", "场", "annual", order=80)(lambda scope: {world.year: 3})

    after = {i["code"]: i for i in figures.compute(world.leader, year=world.year)["indicators"]}
    assert after["launch_events"]["value"] == 3
    assert str(after["launch_events"]["ratio"]) == "0.7500"  # target 4 a year, from the data


def test_a_ranking_column_provider_replaces_the_no_source_note(world, restore_registry):
    data = figures.compute(world.leader, year=world.year)
    assert [c["key"] for c in data["unavailable_columns"]] == ["ledger_score", "award_position"]

    wenxian = factories.county("wenxian").pk
    figures.county_columns(("ledger_score", "台账得分", False))(lambda scope: {wenxian: {"ledger_score": 92}})

    data = figures.compute(world.leader, year=world.year)
    assert [c["key"] for c in data["unavailable_columns"]] == ["award_position"]
    rows = {r["county_code"]: r for r in data["counties"]}
    assert rows["wenxian"]["ledger_score"] == 92
    assert rows["qinyang"]["ledger_score"] is None


def test_a_target_row_without_any_provider_is_shown_as_no_source(world):
    from dashboard.models import Target

    Target.objects.create(code="talents_introduced", name="高层次人才（团队）引育", year=2025, value=180, unit="个")
    ind = {i["code"]: i for i in figures.compute(world.leader, year=world.year)["indicators"]}
    assert ind["talents_introduced"]["state"] == "no_source"
    assert ind["talents_introduced"]["target"] == 180


def test_ranking_by_a_column_some_counties_lack(world, restore_registry, client_as):
    wenxian = factories.county("wenxian").pk
    figures.county_columns(("ledger_score", "台账得分", False))(lambda scope: {wenxian: {"ledger_score": 92}})
    for direction in ("asc", "desc"):
        response = client_as(world.leader).get("/dashboard/", {"sort": "ledger_score", "dir": direction})
        assert response.status_code == 200
        assert response.context["counties"][0]["county_code"] == "wenxian"
