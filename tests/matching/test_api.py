"""GET /api/v1/demands/{id}/matches/ and /api/v1/achievements/{id}/matches/: shapes and scoping."""

import pytest

from engagements.services import engagement_open
from tests.matching import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(enterprise_user, institute_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seal = f.achievement(institute_user.organisation)
        neighbour = f.achievement(
            institute_user.organisation,
            title="液压系统变频节能控制技术",
            summary="液压站液压泵变频调速，液压设备待机能耗下降30%。",
            industry="equipment",
            keywords=["液压", "节能"],
        )
        talent = f.talent()
        demand = f.demand(enterprise_user.organisation, county=f.factories.county("wenxian"), keywords=["液压", "漏油"])
    return {"seal": seal, "neighbour": neighbour, "talent": talent, "demand": demand}


def url(demand, kind=None):
    return f"/api/v1/demands/{demand.pk}/matches/" + (f"?kind={kind}" if kind else "")


def test_owner_enterprise_gets_ranked_achievements_with_reasons(api_as, enterprise_user, world):
    response = api_as(enterprise_user).get(url(world["demand"]))
    assert response.status_code == 200
    body = response.json()
    assert isinstance(body, list)
    assert [row["id"] for row in body[:2]] == [world["seal"].pk, world["neighbour"].pk]
    assert set(body[0]) >= {"id", "title", "score", "reasons"}
    assert body[0]["title"] == "高性能氟橡胶密封材料"
    assert body[0]["score"] > body[1]["score"]
    assert any("漏油" in r for r in body[0]["reasons"])


def test_bureau_sees_talent_names(api_as, bureau, world):
    body = api_as(bureau).get(url(world["demand"], "talent")).json()
    assert body[0]["id"] == world["talent"].pk
    assert "李明" in body[0]["title"]
    assert "同县区：温县" in body[0]["reasons"]


def test_enterprise_sees_talents_anonymised_until_an_engagement_is_opened(api_as, enterprise_user, bureau, world):
    body = api_as(enterprise_user).get(url(world["demand"], "talent")).json()
    assert body[0]["title"] == "某高校教授（新材料）"
    assert "李明" not in str(body) and "13900139000" not in str(body) and "郑州大学" not in str(body)
    engagement_open(user=bureau, demand=world["demand"], talent=world["talent"])
    body = api_as(enterprise_user).get(url(world["demand"], "talent")).json()
    assert "李明" in body[0]["title"]


@pytest.mark.parametrize("persona", ["other_enterprise_user", "institute_user", "leader"])
def test_others_may_not_see_a_demands_matches(api_as, world, persona, request):
    user = request.getfixturevalue(persona)
    assert api_as(user).get(url(world["demand"])).status_code == 403


def test_unpublished_demand_of_another_enterprise_is_404(api_as, other_enterprise_user, enterprise_user):
    draft = f.demand(enterprise_user.organisation, status="draft")
    assert api_as(other_enterprise_user).get(url(draft)).status_code == 404


def test_anonymous_is_refused(api_client, world):
    assert api_client.get(url(world["demand"])).status_code in (401, 403)


def test_bad_kind_is_a_400(api_as, bureau, world):
    response = api_as(bureau).get(url(world["demand"], "platform"))
    assert response.status_code == 400


def test_institute_sees_demands_for_its_own_achievement(api_as, institute_user, world):
    response = api_as(institute_user).get(f"/api/v1/achievements/{world['seal'].pk}/matches/")
    assert response.status_code == 200
    body = response.json()
    assert body[0]["id"] == world["demand"].pk
    assert body[0]["title"] == "液压设备老是漏油"
    assert body[0]["reasons"]


@pytest.mark.parametrize("persona", ["enterprise_user", "other_enterprise_user", "leader"])
def test_others_may_not_see_an_achievements_matches(api_as, world, persona, request):
    user = request.getfixturevalue(persona)
    assert api_as(user).get(f"/api/v1/achievements/{world['seal'].pk}/matches/").status_code == 403


def test_other_institute_cannot_see_matches_of_a_foreign_achievement(api_as, world):
    from tests.factories import make_institute_user

    other = make_institute_user(name="另一所大学")
    assert api_as(other).get(f"/api/v1/achievements/{world['seal'].pk}/matches/").status_code == 403


def test_match_pages_render_for_owner_and_refuse_others(client_as, enterprise_user, world, other_enterprise_user):
    page = client_as(enterprise_user).get(f"/matching/demands/{world['demand'].pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("高性能氟橡胶密封材料") < html.index("液压系统变频节能控制技术")
    assert "某高校教授（新材料）" in html and "李明" not in html
    assert client_as(other_enterprise_user).get(f"/matching/demands/{world['demand'].pk}/").status_code == 403


def test_bureau_overview_lists_best_suggestion(client_as, bureau, world):
    page = client_as(bureau).get("/matching/")
    assert page.status_code == 200
    assert "高性能氟橡胶密封材料" in page.content.decode()
