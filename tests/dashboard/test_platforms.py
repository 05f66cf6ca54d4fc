"""Platform figures: recognised platforms at city level or higher, counted by recognition date.

Added to the world: 温县 a recognised city-level engineering centre (recognised Y-1) and a
recognised provincial key laboratory (recognised Y); 沁阳 one in planning and one revoked, which
never count. Hand counts: platforms(Y) = 2 (1 at the end of Y-1); 温县 2, 沁阳 0.
"""

import datetime as dt

import pytest
from django.core.cache import cache

from dashboard import figures
from platforms.models import PlatformType
from tests import factories
from tests.platforms.factories import make_platform

from .conftest import Y

pytestmark = pytest.mark.django_db


@pytest.fixture
def platforms_world(world, institute_user):
    host = institute_user.organisation
    make_platform(host, name="工程中心", status="recognised", recognised_on=dt.date(Y - 1, 6, 1))
    make_platform(
        host,
        name="重点实验室",
        status="recognised",
        level="provincial",
        platform_type=PlatformType.objects.get(name="重点实验室"),
        recognised_on=dt.date(Y, 2, 1),
    )
    make_platform(host, name="筹建中心", county="qinyang")
    make_platform(host, name="撤销中心", county="qinyang", status="revoked", recognised_on=dt.date(Y - 2, 1, 1))
    cache.clear()
    return world


def test_platform_indicator(platforms_world):
    ind = {i["code"]: i for i in figures.summary(platforms_world.leader)["indicators"]}
    assert ind["platforms"]["state"] == "ok"
    assert ind["platforms"]["value"] == 2 and ind["platforms"]["target"] == 300
    trend = {t["year"]: t["value"] for t in ind["platforms"]["trend"]}
    assert trend[Y - 1] == 1 and trend[Y] == 2
    qinyang = {
        i["code"]: i for i in figures.summary(platforms_world.leader, county=factories.county("qinyang"))["indicators"]
    }
    assert qinyang["platforms"]["value"] == 0


def test_platform_chart_and_links(platforms_world, client_as):
    data = figures.summary(platforms_world.leader)
    chart = next(c for c in data["charts"] if c["code"] == "platforms_by_type")
    assert chart["state"] == "ok"
    assert chart["columns"] == ["国家级", "省级", "市级"]
    rows = {r["label"]: r for r in chart["rows"]}
    assert rows["工程技术研究中心"]["values"] == [0, 0, 1]
    assert rows["重点实验室"]["values"] == [0, 1, 0]
    client = client_as(platforms_world.leader)
    link = rows["重点实验室"]["links"][1]
    assert client.get(link).context["paginator"].count == 1
    ind = {i["code"]: i for i in data["indicators"]}
    assert client.get(ind["platforms"]["link"]).context["paginator"].count == 2
