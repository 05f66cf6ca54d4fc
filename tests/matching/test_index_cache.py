"""The per-process index follows the table: rows written by another process (the Celery worker)
are picked up within seconds, removed rows disappear, and edits replace the old entry."""

import pytest

from matching import engine, services
from matching.models import MatchDocument
from tests.matching import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_wait(monkeypatch):
    monkeypatch.setattr(services, "CHECK_SECONDS", 0.0)


def _write_as_another_process(kind, obj):
    """What the worker does in its own process: analyse and store, without touching our cache."""
    profile = engine.analyze(services.document_for(kind, obj), services.current_kb())
    MatchDocument.objects.update_or_create(kind=kind, object_id=obj.pk, defaults=services._row(profile))


def ids(demand):
    return [m.id for m in services.compute("demand", demand, "achievement")]


def test_rows_added_changed_and_removed_elsewhere_are_seen(enterprise_user, institute_user, no_wait):
    seal = f.achievement(institute_user.organisation)
    demand = f.demand(enterprise_user.organisation)
    _write_as_another_process("achievement", seal)
    assert ids(demand) == [seal.pk]  # first query loads the index

    dust = f.achievement(institute_user.organisation, title="脉冲袋式除尘技术", summary="覆膜滤料袋式除尘器。")
    _write_as_another_process("achievement", dust)
    demand.title, demand.problem, demand.description = "车间粉尘超标", "破碎车间粉尘超标，粉尘大。", ""
    assert ids(demand)[0] == dust.pk  # a new row, found through the small second index

    dust.title, dust.summary = "果蔬冷链保鲜", "冷库预冷与气调保鲜。"
    _write_as_another_process("achievement", dust)
    assert dust.pk not in ids(demand)  # the edited row replaced its old entry

    MatchDocument.objects.filter(kind="achievement", object_id=seal.pk).delete()
    demand.title, demand.problem = "液压设备老是漏油", "油缸漏油。"
    assert seal.pk not in ids(demand)


def test_many_changes_rebuild_the_main_index(enterprise_user, institute_user, no_wait, monkeypatch):
    monkeypatch.setattr(services, "MAX_DELTA", 1)
    demand = f.demand(enterprise_user.organisation)
    first = f.achievement(institute_user.organisation)
    _write_as_another_process("achievement", first)
    ids(demand)
    for title in ("氟橡胶O型圈密封件", "耐油密封圈"):
        other = f.achievement(institute_user.organisation, title=title)
        _write_as_another_process("achievement", other)
    assert len(ids(demand)) == 3
    cached = services.index_for("achievement")
    assert cached.delta is None and cached.main.n == 3


def test_a_talent_is_matched_on_research_field_and_industry_without_quoting_the_employer(enterprise_user):
    talent = f.talent(employer="郑州大学材料学院", research_field="氟橡胶密封材料")
    demand = f.demand(enterprise_user.organisation, title="想找郑州大学做密封的专家")
    services.index_object("talent", talent)
    [match] = services.compute("demand", demand, "talent")
    assert match.id == talent.pk
    assert not any("郑州大学" in r for r in match.reasons)
