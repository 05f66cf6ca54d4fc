"""Figures from the events and supervision apps, on the known world plus a few events and scores.

Added to the world (Y = this year, all in 温县 unless said):
- a held launch event with two agreements (one registering engagement "signed Y", one on its own)
  and one landed project registering engagement "landed Y"; an upcoming launch event (not counted);
- a held enterprise visit with two enterprises and one institute taking part (2 家次);
- supervision: 温县 scored 90 and 95 in two quarters of Y (mean 92.50), 沁阳 80; awards for Y
  confirmed with 温县 first, 沁阳 third.

Hand counts: agreements(Y) = 2 registered + 1 engagement without agreement (landed one, signed Y) = 3;
projects landed(Y) = 1 registered (it is the landed engagement) = 1; launch events = 1; visits = 2.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from dashboard import figures
from engagements.models import Engagement
from events.models import Agreement, Event, EventParticipant, LandedProject
from supervision.models import AwardDecision, AwardEntry, SupervisedUnit, SupervisionRecord
from tests import factories

from .conftest import Y

pytestmark = pytest.mark.django_db


@pytest.fixture
def events_world(world, enterprise_user, other_enterprise_user, institute_user):
    wenxian = factories.county("wenxian")
    launch = Event.objects.create(
        kind="launch", title="成果发布会", date=dt.date(Y, 1, 20), organiser="市科技局", county=wenxian, status="held"
    )
    Event.objects.create(
        kind="launch",
        title="下季度发布会",
        date=dt.date(Y, 12, 30),
        organiser="市科技局",
        county=wenxian,
        status="upcoming",
    )
    visit = Event.objects.create(
        kind="enterprise_visit",
        title="企业走进中科院",
        date=dt.date(Y, 3, 5),
        organiser="市科技局",
        county=wenxian,
        status="held",
    )
    for org in (enterprise_user.organisation, other_enterprise_user.organisation, institute_user.organisation):
        EventParticipant.objects.create(event=visit, organisation=org, source="invited")
    signed = Engagement.objects.get(status="signed", signed_on__year=Y)
    landed = Engagement.objects.get(status="landed")
    Agreement.objects.create(
        event=launch, title="协议一", parties="甲与乙", signed_on=dt.date(Y, 1, 20), engagement=signed
    )
    Agreement.objects.create(event=launch, title="协议二", parties="丙与丁", signed_on=dt.date(Y, 1, 20))
    LandedProject.objects.create(event=launch, name="项目一", landed_on=dt.date(Y, 5, 1), engagement=landed)

    wx, qy = SupervisedUnit.objects.get(county=wenxian), SupervisedUnit.objects.get(county__code="qinyang")
    SupervisionRecord.objects.create(unit=wx, year=Y, quarter=1, score=Decimal("90"))
    SupervisionRecord.objects.create(unit=wx, year=Y, quarter=2, score=Decimal("95"))
    SupervisionRecord.objects.create(unit=qy, year=Y, quarter=1, score=Decimal("80"))
    decision = AwardDecision.objects.create(year=Y, confirmed_at=timezone.now())
    AwardEntry.objects.create(decision=decision, unit=wx, rank=1, annual_score=Decimal("92.5"), prize="first")
    AwardEntry.objects.create(decision=decision, unit=qy, rank=3, annual_score=Decimal("80"), prize="first")
    cache.clear()
    return world


def _indicators(user, **kwargs):
    return {i["code"]: i for i in figures.summary(user, **kwargs)["indicators"]}


def test_event_indicators_equal_hand_counts(events_world):
    ind = _indicators(events_world.leader)
    assert ind["agreements"]["value"] == 3
    assert ind["projects_landed"]["value"] == 1
    assert ind["launch_events"]["value"] == 1
    assert ind["launch_events"]["ratio"] == Decimal("0.2500")
    assert ind["enterprise_visits"]["value"] == 2
    assert ind["enterprise_visits"]["target"] == 100
    qinyang = _indicators(events_world.leader, county=factories.county("qinyang"))
    assert qinyang["launch_events"]["value"] == 0 and qinyang["agreements"]["value"] == 0


def test_launch_events_link_to_the_matching_event_list(events_world, client_as):
    link = _indicators(events_world.leader)["launch_events"]["link"]
    response = client_as(events_world.leader).get(link)
    assert response.status_code == 200
    assert response.context["paginator"].count == 1


def test_supervision_columns(events_world):
    data = figures.summary(events_world.leader)
    rows = {r["county_code"]: r for r in data["counties"]}
    assert rows["wenxian"]["ledger_score"] == Decimal("92.50")
    assert rows["qinyang"]["ledger_score"] == Decimal("80.00")
    assert rows["wenxian"]["award_position"] == 1 and rows["qinyang"]["award_position"] == 3
    assert rows["jiefang"]["ledger_score"] is None
    assert data["unavailable_columns"] == []


def test_supervision_links_open_the_records(events_world, client_as):
    rows = {r["county_code"]: r for r in figures.summary(events_world.leader)["counties"]}
    client = client_as(events_world.leader)
    response = client.get(rows["wenxian"]["links"]["ledger_score"])
    assert response.status_code == 200
    assert response.context["paginator"].count == 2  # the two quarters behind the mean
    assert client.get(rows["wenxian"]["links"]["award_position"]).status_code == 200


def test_a_new_score_invalidates(events_world):
    assert {r["county_code"]: r for r in figures.summary(events_world.leader)["counties"]}["qinyang"][
        "ledger_score"
    ] == Decimal("80.00")
    SupervisionRecord.objects.create(
        unit=SupervisedUnit.objects.get(county__code="qinyang"), year=Y, quarter=2, score=Decimal("90")
    )
    rows = {r["county_code"]: r for r in figures.summary(events_world.leader)["counties"]}
    assert rows["qinyang"]["ledger_score"] == Decimal("85.00")
