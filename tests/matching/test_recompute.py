"""Suggestions are recomputed by the Celery task when records are published, changed, unpublished."""

import pytest

from core.workflow import transition
from matching import services
from matching.models import MatchDocument, Suggestion
from tests.matching import factories as f

pytestmark = pytest.mark.django_db


def stored(demand):
    return list(
        Suggestion.objects.filter(source_kind="demand", source_id=demand.pk, target_kind="achievement").values_list(
            "target_id", flat=True
        )
    )


def test_publishing_a_demand_stores_its_suggestions(
    bureau, enterprise_user, institute_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        seal = f.achievement(institute_user.organisation)
        demand = f.demand(enterprise_user.organisation, status="draft")
    assert stored(demand) == []
    assert not MatchDocument.objects.filter(kind="demand", object_id=demand.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        transition(demand, "published", bureau)
    assert stored(demand) == [seal.pk]
    assert MatchDocument.objects.filter(kind="demand", object_id=demand.pk).exists()


def test_publishing_an_achievement_reaches_existing_demands(
    bureau, enterprise_user, institute_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        demand = f.demand(enterprise_user.organisation)
        seal = f.achievement(institute_user.organisation, status="draft")
    assert stored(demand) == []
    with django_capture_on_commit_callbacks(execute=True):
        transition(seal, "published", bureau)
    assert stored(demand) == [seal.pk]
    assert Suggestion.objects.filter(source_kind="achievement", source_id=seal.pk, target_id=demand.pk).exists()


def test_withdrawing_an_achievement_removes_it_from_suggestions(
    bureau, enterprise_user, institute_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        seal = f.achievement(institute_user.organisation)
        demand = f.demand(enterprise_user.organisation)
    assert stored(demand) == [seal.pk]
    with django_capture_on_commit_callbacks(execute=True):
        transition(seal, "withdrawn", bureau, comment="成果已转让他人")
    assert stored(demand) == []
    assert not MatchDocument.objects.filter(kind="achievement", object_id=seal.pk).exists()
    assert services.matches_for("demand", demand, "achievement") == []


def test_editing_a_published_demand_recomputes(enterprise_user, institute_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        f.achievement(institute_user.organisation)
        dust = f.achievement(
            institute_user.organisation, title="脉冲袋式除尘技术", summary="覆膜滤料袋式除尘器，超低排放。"
        )
        demand = f.demand(enterprise_user.organisation)
    assert stored(demand)[0] != dust.pk
    with django_capture_on_commit_callbacks(execute=True):
        demand.title, demand.problem, demand.description = (
            "车间粉尘超标",
            "破碎车间粉尘超标，环保检查通不过。",
            "粉尘大",
        )
        demand.save()
    assert stored(demand)[0] == dust.pk


def test_on_the_fly_when_nothing_is_stored(enterprise_user, institute_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seal = f.achievement(institute_user.organisation)
    demand = f.demand(enterprise_user.organisation)  # callbacks not run: nothing stored
    assert stored(demand) == []
    assert [m.id for m in services.matches_for("demand", demand, "achievement")] == [seal.pk]


def test_rebuild_index_command(enterprise_user, institute_user):
    from django.core.management import call_command

    f.achievement(institute_user.organisation)
    f.demand(enterprise_user.organisation)
    MatchDocument.objects.all().delete()
    call_command("rebuild_match_index")
    assert MatchDocument.objects.filter(kind="achievement").count() == 1
    assert MatchDocument.objects.filter(kind="demand").count() == 1


def test_parallel_rebuild_writes_the_same_index_as_the_serial_one(enterprise_user, institute_user):
    """The full rebuild spreads analysis over forked processes (and writes with COPY on
    PostgreSQL); the rows must be exactly those of the serial path."""
    f.achievement(institute_user.organisation)
    f.achievement(institute_user.organisation, title="果蔬“真空预冷”保鲜\t技术\\工艺", keywords=["预冷", "保鲜"])
    f.demand(enterprise_user.organisation, problem="压力机油缸漏油", keywords=["液压"], indicators="保压 8 小时")

    def rows():
        return {
            (d.kind, d.object_id): (d.title, d.profile, bytes(d.vector) if d.vector is not None else None)
            for d in MatchDocument.objects.all()
        }

    services.build_index(batch=1, workers=1)
    serial = rows()
    assert len(serial) == 3
    built = services.build_index(batch=1, workers=2)
    assert rows() == serial
    assert built["achievement"]["count"] == 2 and built["demand"]["count"] == 1
    # The rebuild reads plain values; one record at a time goes through the model instance.
    for (kind, object_id), (title, profile, vector) in serial.items():
        document = services.index_object(kind, services.load(kind, object_id))
        assert (document.title, document.profile, bytes(document.vector)) == (title, profile, vector)
