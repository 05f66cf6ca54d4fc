"""Organising events, their outcomes, and this year's counts against the targets."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.workflow import TransitionError, transition
from events.models import Event
from events.services import agreement_add, event_save, project_add, yearly_counts
from tests import factories

pytestmark = pytest.mark.django_db
D = dt.date


def values(**fields):
    base = {
        "kind": "enterprise_visit",
        "title": "企业走进郑州大学",
        "date": timezone.localdate() + dt.timedelta(days=5),
        "place": "郑州大学",
        "organiser": "温县科技局",
        "county": factories.county("wenxian"),
    }
    return {**base, **fields}


def test_fair_only_in_even_years(bureau):
    with pytest.raises(ValidationError, match="偶数年"):
        event_save(user=bureau, values=values(kind="fair", date=D(2027, 9, 1), county=None))
    assert event_save(user=bureau, values=values(kind="fair", date=D(2028, 9, 1), county=None)).pk


def test_liaison_organises_own_county_only(liaison_wenxian, liaison_qinyang, enterprise_user):
    event = event_save(user=liaison_wenxian, values=values())
    assert event.status == "draft" and event.created_by == liaison_wenxian
    with pytest.raises(ValidationError, match="本县区"):
        event_save(user=liaison_wenxian, values=values(county=factories.county("qinyang")))
    with pytest.raises(PermissionDenied):
        event_save(user=liaison_qinyang, values={"title": "改名"}, event=event)
    with pytest.raises(PermissionDenied):
        event_save(user=enterprise_user, values=values())


def test_publish_hold_cancel_through_the_workflow(liaison_wenxian, liaison_qinyang, bureau):
    event = event_save(user=liaison_wenxian, values=values(date=timezone.localdate() + dt.timedelta(days=1)))
    with pytest.raises(TransitionError):
        transition(event, "upcoming", liaison_qinyang)
    transition(event, "upcoming", liaison_wenxian)
    with pytest.raises(TransitionError, match="未到"):
        transition(event, "held", liaison_wenxian)
    with pytest.raises(TransitionError, match="意见"):
        transition(event, "cancelled", bureau)
    transition(event, "cancelled", bureau, comment="专家行程变更")
    assert Event.objects.get(pk=event.pk).status == "cancelled"


def test_outcomes_and_yearly_counts(bureau, enterprise_user, institute_user, leader):
    year = timezone.localdate().year
    event = Event.objects.create(
        kind="launch", title="成果发布会", date=D(year, 1, 2), organiser="市科技局", place="焦作", status="held"
    )
    visit = Event.objects.create(
        kind="enterprise_visit",
        title="企业走进院所",
        date=D(year, 1, 3),
        organiser="市科技局",
        place="北京",
        status="held",
    )
    event_save(user=bureau, values={}, event=visit, enterprises=[enterprise_user.organisation], institutes=[])
    ent, inst = enterprise_user.organisation, institute_user.organisation
    agreement = agreement_add(
        user=bureau,
        event=event,
        title="联合研发协议",
        parties=f"{ent} 与 {inst}",
        signed_on=D(year, 1, 2),
        amount=Decimal("1200000.50"),
        enterprise=ent,
        institute=inst,
    )
    assert agreement.amount == Decimal("1200000.50")
    project_add(user=bureau, event=event, name="中试线", landed_on=D(year, 2, 1), enterprise=ent)
    with pytest.raises(ValidationError):
        agreement_add(
            user=bureau, event=event, title="错", parties="甲 与 乙", signed_on=D(year, 1, 2), enterprise=inst
        )
    counts = {c["key"]: (c["value"], c["target"]) for c in yearly_counts(leader, year)}
    assert counts == {
        "agreements": (1, 100),
        "projects_landed": (1, 20),
        "launch_events": (1, 4),
        "enterprise_visits": (1, 100),
    }
    # the enterprise party sees its agreement; another enterprise does not
    assert yearly_counts(enterprise_user, year)[0]["value"] == 1
    other = factories.make_enterprise_user(name="无关企业有限公司")
    assert yearly_counts(other, year)[0]["value"] == 0


def test_list_page_shows_counts_against_targets(client_as, leader):
    page = client_as(leader).get("/events/").content.decode()
    assert "目标 100 项" in page and "目标 20 个" in page and "目标 4 场" in page and "目标 100 家次" in page


def test_outcome_links_an_engagement_the_organiser_may_see(bureau, liaison_qinyang, enterprise_user, institute_user):
    from engagements.services import engagement_open
    from tests.demands.factories import make_achievement, make_demand

    demand = make_demand(enterprise_user.organisation, status="published", county=factories.county("wenxian"))
    achievement = make_achievement(institute_user.organisation, status="published")
    engagement = engagement_open(user=bureau, demand=demand, achievement=achievement)
    event = Event.objects.create(
        kind="roadshow",
        title="路演",
        date=D(2026, 1, 5),
        organiser="沁阳市科技局",
        status="held",
        county=factories.county("qinyang"),
    )
    with pytest.raises(ValidationError, match="对接"):
        project_add(user=liaison_qinyang, event=event, name="项目", landed_on=D(2026, 2, 1), engagement=engagement)
    project = project_add(user=bureau, event=event, name="项目", landed_on=D(2026, 2, 1), engagement=engagement)
    assert list(engagement.event_projects.all()) == [project]


def test_api_names_and_scoping(api_as, bureau, liaison_wenxian, enterprise_user):
    draft = event_save(user=bureau, values=values(title="筹备中", county=None))
    published = event_save(user=bureau, values=values(title="已发布", county=None))
    transition(published, "upcoming", bureau)
    data = api_as(enterprise_user).get("/api/v1/events/").json()
    assert [e["title"] for e in data["results"]] == ["已发布"]
    row = data["results"][0]
    assert {
        "id",
        "kind",
        "title",
        "date",
        "place",
        "organiser",
        "county",
        "status",
        "signed_up",
        "agreements",
        "projects",
    } <= set(row)
    assert api_as(enterprise_user).get(f"/api/v1/events/{draft.pk}/").status_code == 404
    created = api_as(liaison_wenxian).post(
        "/api/v1/events/",
        {
            "kind": "roadshow",
            "title": "路演",
            "date": "2026-12-30",
            "place": "温县",
            "organiser": "温县科技局",
            "county": factories.county("wenxian").pk,
        },
        format="json",
    )
    assert created.status_code == 201 and created.json()["status"] == "draft"
    moved = api_as(liaison_wenxian).post(
        f"/api/v1/events/{created.json()['id']}/transition/", {"to": "upcoming"}, format="json"
    )
    assert moved.status_code == 200 and moved.json()["status"] == "upcoming"
    refused = api_as(enterprise_user).post(
        "/api/v1/events/", {"kind": "other", "title": "x", "date": "2026-12-30", "organiser": "x"}, format="json"
    )
    assert refused.status_code == 403


def test_export_counts_participants_and_outcomes(client_as, bureau, enterprise_user):
    import io

    import openpyxl

    event = Event.objects.create(
        kind="launch", title="导出测试发布会", date=D(2026, 5, 1), organiser="市科技局", status="held"
    )
    event_save(user=bureau, values={}, event=event, enterprises=[enterprise_user.organisation])
    agreement_add(user=bureau, event=event, title="协议", parties="甲 与 乙", signed_on=D(2026, 5, 1))
    response = client_as(bureau).get("/events/export/?q=导出测试")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    data = [r for r in rows if r and r[1] == "导出测试发布会"]
    assert data and data[0][-3:] == (1, 1, 0)
