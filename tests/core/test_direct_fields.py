"""DirectFieldsMixin (core.library.serializers) writes exactly what DRF's own per-field path writes."""

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from achievements.api.serializers import AchievementSerializer
from demands.api.serializers import DemandSerializer
from tests.demands.factories import make_achievement, make_demand

pytestmark = pytest.mark.django_db


def _both(serializer_class, instance, user):
    request = APIRequestFactory().get("/")
    request.user = user
    ours = serializer_class(instance, context={"request": request}).data
    stock = serializers.ModelSerializer.to_representation(
        serializer_class(instance, context={"request": request}), instance
    )
    return dict(ours), dict(stock)


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"budget_min": Decimal("12.50"), "budget_max": Decimal("300"), "keywords": ["液压", "密封"], "county": None},
        {"valid_until": dt.date(2030, 1, 31), "cooperation_modes": ["joint_rd", "transfer"], "problem": "漏油<b>"},
    ],
)
def test_demand_output_is_drfs_own(enterprise_user, bureau, extra):
    demand = make_demand(enterprise_user.organisation, status="published", **extra)
    ours, stock = _both(DemandSerializer, demand, bureau)
    stock.pop("contact_masked", None)
    ours.pop("contact_masked", None)
    for key in ("contact_name", "contact_phone", "contact_email"):
        ours.pop(key), stock.pop(key)  # masking runs after both
    assert ours == stock


def test_achievement_output_is_drfs_own(institute_user, bureau):
    achievement = make_achievement(institute_user.organisation, status="published", reference_price=Decimal("88.8"))
    ours, stock = _both(AchievementSerializer, achievement, bureau)
    for key in ("contact_name", "contact_phone", "contact_email", "contact_masked"):
        ours.pop(key, None), stock.pop(key, None)
    assert ours == stock and ours["title"] == achievement.title
