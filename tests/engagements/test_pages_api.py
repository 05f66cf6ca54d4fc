"""Pipeline, list, detail, notes, creation page and the scoped list API."""

import datetime as dt

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_pipeline_shows_columns_with_counts(client_as, bureau, engagement):
    html = client_as(bureau).get("/engagements/").content.decode()
    for label in ("意向", "洽谈", "签约", "落地", "终止"):
        assert label in html
    assert 'data-testid="count-intent">1<' in html


def test_detail_shows_history_and_accepts_notes(client_as, bureau, engagement):
    client = client_as(bureau)
    follow = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    response = client.post(
        f"/engagements/{engagement.pk}/", {"body": "已电话沟通，约定下周实地考察。", "next_follow_up_on": follow}
    )
    assert response.status_code == 302
    html = client.get(f"/engagements/{engagement.pk}/").content.decode()
    assert "约定下周实地考察" in html
    engagement.refresh_from_db()
    assert engagement.next_follow_up_on.isoformat() == follow


def test_party_reads_detail_but_cannot_post(client_as, enterprise_user, engagement):
    client = client_as(enterprise_user)
    assert client.get(f"/engagements/{engagement.pk}/").status_code == 200
    assert client.post(f"/engagements/{engagement.pk}/", {"body": "x"}).status_code == 403


def test_stage_change_from_the_page(client_as, bureau, engagement):
    response = client_as(bureau).post(f"/engagements/{engagement.pk}/", {"to": "negotiating", "comment": ""})
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.status == "negotiating"


def test_create_page_opens_an_engagement(client_as, bureau, demand, achievement):
    client = client_as(bureau)
    assert client.get(f"/engagements/new/?demand={demand.pk}&achievement={achievement.pk}").status_code == 200
    response = client.post(
        "/engagements/new/", {"demand": demand.pk, "achievement": achievement.pk, "summary": "匹配推荐第一名"}
    )
    assert response.status_code == 302
    demand.refresh_from_db()
    assert demand.status == "in_progress"


def test_list_api_is_scoped(
    api_as, bureau, enterprise_user, other_enterprise_user, institute_user, liaison_qinyang, engagement
):
    assert api_as(bureau).get("/api/v1/engagements/").json()["count"] == 1
    assert api_as(enterprise_user).get("/api/v1/engagements/").json()["count"] == 1
    assert api_as(institute_user).get("/api/v1/engagements/").json()["count"] == 1
    assert api_as(other_enterprise_user).get("/api/v1/engagements/").json()["count"] == 0
    assert api_as(liaison_qinyang).get("/api/v1/engagements/").json()["count"] == 0


def test_api_create_and_party_cannot_create(api_as, bureau, enterprise_user, demand, achievement):
    body = {"demand": demand.pk, "achievement": achievement.pk, "summary": "API 发起"}
    assert api_as(enterprise_user).post("/api/v1/engagements/", body, format="json").status_code == 403
    response = api_as(bureau).post("/api/v1/engagements/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "intent"
    assert response.json()["target_kind"] == "achievement"


def test_export_is_logged(client_as, bureau, engagement):
    from core.models import ExportLog

    response = client_as(bureau).get("/engagements/export/")
    assert response.status_code == 200
    assert ExportLog.objects.filter(what="对接台账").count() == 1
