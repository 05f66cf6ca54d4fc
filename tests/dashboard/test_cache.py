"""Cached figures are served until a record changes; any change makes them stale at once."""

import pytest
from django.core.cache import cache

from dashboard import figures
from dashboard.models import RecordedFigure, Target
from tests.talents.factories import make_talent

pytestmark = pytest.mark.django_db


def _value(user, code):
    return next(i["value"] for i in figures.summary(user)["indicators"] if i["code"] == code)


def test_second_call_is_served_from_the_cache(world, django_assert_num_queries):
    first = figures.summary(world.leader)
    with django_assert_num_queries(0):
        assert figures.summary(world.leader) == first


def test_saving_a_record_invalidates(world):
    assert _value(world.leader, "talent_pool") == 4
    make_talent("wenxian", name="庚")
    assert _value(world.leader, "talent_pool") == 5


def test_deleting_a_record_invalidates(world):
    from engagements.models import Engagement

    assert _value(world.leader, "agreements") == 2
    Engagement.objects.filter(status="landed").get().delete()
    assert _value(world.leader, "agreements") == 1


def test_editing_a_target_or_recorded_figure_invalidates(world):
    assert _value(world.leader, "high_tech_enterprises") == 300
    figure = RecordedFigure.objects.get(indicator="high_tech_enterprises")
    figure.value = 320
    figure.save()
    assert _value(world.leader, "high_tech_enterprises") == 320
    target = Target.objects.get(code="agreements")
    target.value = 120
    target.save()
    assert next(i for i in figures.summary(world.leader)["indicators"] if i["code"] == "agreements")["target"] == 120


def test_scopes_do_not_share_entries(world):
    """The bureau counts draft demands; a leader must never get the bureau's cached figures."""
    bureau = figures.summary(world.bureau)
    leader = figures.summary(world.leader)
    wx = lambda data: next(r for r in data["counties"] if r["county_code"] == "wenxian")  # noqa: E731
    assert wx(bureau)["demands"] == 4 and wx(leader)["demands"] == 3


def test_entries_expire_on_their_own(world, settings):
    """Bulk updates send no signal: a short expiry bounds how stale a figure can be."""
    # Read the expiry from the local-memory backend's bookkeeping (CI runs on Redis otherwise).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    figures.summary(world.leader)
    keys = [k for k in cache._cache if "dashboard:" in k and "version" not in k]  # locmem internals
    assert keys
    assert all(cache._expire_info[k] is not None for k in keys)


def test_one_commit_callback_per_transaction(world):
    """An import saves thousands of rows in one transaction: the version is bumped again once,
    when it commits (so a summary computed meanwhile from the old rows is not served after)."""
    from django.db import connection, transaction

    with transaction.atomic():
        make_talent("wenxian", name="辛")
        make_talent("wenxian", name="壬")
        pending = [entry for entry in connection.run_on_commit if entry[1] is figures._bump]
        assert len(pending) == 1
    assert _value(world.leader, "talent_pool") == 6
