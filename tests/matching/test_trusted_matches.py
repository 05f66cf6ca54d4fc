"""Matches people trust: a 0–100 匹配度 with reasons, weak broad-word matches hidden, and a unit's
"申请对接" that the bureau accepts or refuses through the engagement workflow."""

import pytest
from django.urls import reverse

from core.models import Notification
from core.registry import todos_for
from core.workflow import TransitionError, transition
from engagements.models import Engagement, EngagementStatus
from matching import views
from tests.matching import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def seal_match(enterprise_user, institute_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seal = f.achievement(institute_user.organisation)
        demand = f.demand(enterprise_user.organisation)
    return demand, seal


def test_the_degree_is_a_whole_number_out_of_100():
    assert views.degree(0.684) == 68
    assert views.degree(1.7) == 100
    assert views.degree(-0.1) == 0


def test_broad_word_matches_are_not_shown(settings):
    rows = [{"id": 1, "score": 0.68, "reasons": []}, {"id": 2, "score": 0.09, "reasons": ["共同关键词：制造"]}]
    assert [r["id"] for r in views.shown(rows)] == [1]
    settings.MATCHING_MIN_SCORE = 0.05
    assert [r["id"] for r in views.shown(rows)] == [1, 2]


def test_the_match_page_shows_degree_and_reasons(client_as, enterprise_user, seal_match):
    demand, seal = seal_match
    response = client_as(enterprise_user).get(reverse("matching:demand", args=[demand.pk]))
    row = response.context["achievements"][0]
    body = response.content.decode()
    assert row["id"] == seal.pk and 0 < row["degree"] <= 100
    assert f'data-testid="match-degree">{row["degree"]}<' in body
    assert "匹配理由" in body
    assert "申请对接" in body


def _request(client, demand, seal):
    return client.post(reverse("matching:request_engagement"), {"demand": demand.pk, "achievement": seal.pk})


def test_an_enterprise_requests_and_the_bureau_accepts(
    client_as, enterprise_user, institute_user, bureau, seal_match, django_capture_on_commit_callbacks
):
    demand, seal = seal_match
    with django_capture_on_commit_callbacks(execute=True):
        response = _request(client_as(enterprise_user), demand, seal)
    engagement = Engagement.objects.get(demand=demand, achievement=seal)
    assert response.status_code == 302 and response["Location"] == engagement.get_absolute_url()
    assert engagement.status == EngagementStatus.REQUESTED
    asked = Notification.objects.get(recipient=bureau, kind="engagement_requested")
    assert Notification.objects.filter(recipient=institute_user, kind="engagement_requested_party").exists()
    counts = {t.label: t for t in todos_for(bureau)}
    assert counts["待受理的对接申请"].count == 1
    # A second press does not make a second request.
    again = client_as(enterprise_user).get(reverse("matching:demand", args=[demand.pk])).content.decode()
    assert "已申请对接" in again
    with django_capture_on_commit_callbacks(execute=True):
        transition(engagement, EngagementStatus.INTENT, bureau, "同意组织对接")
    engagement.refresh_from_db()
    demand.refresh_from_db()
    assert engagement.status == EngagementStatus.INTENT and engagement.owner == bureau
    assert demand.status == "in_progress"
    asked.refresh_from_db()
    assert asked.read_at is not None  # the bureau's task is done
    for party in (enterprise_user, institute_user):
        assert Notification.objects.filter(recipient=party, kind="engagement_stage").exists()


def test_the_bureau_refuses_with_a_reason(bureau, enterprise_user, client_as, seal_match):
    demand, seal = seal_match
    _request(client_as(enterprise_user), demand, seal)
    engagement = Engagement.objects.get(demand=demand)
    with pytest.raises(TransitionError):
        transition(engagement, EngagementStatus.TERMINATED, bureau, "")
    transition(engagement, EngagementStatus.TERMINATED, bureau, "该成果已独家许可他人")
    engagement.refresh_from_db()
    assert engagement.termination_reason == "该成果已独家许可他人"


def test_only_the_bureau_accepts(enterprise_user, liaison_wenxian, client_as, seal_match):
    demand, seal = seal_match
    _request(client_as(enterprise_user), demand, seal)
    engagement = Engagement.objects.get(demand=demand)
    for user in (enterprise_user, liaison_wenxian):
        with pytest.raises(TransitionError):
            transition(engagement, EngagementStatus.INTENT, user)


def test_an_institute_requests_from_its_achievement(client_as, institute_user, seal_match):
    demand, seal = seal_match
    response = _request(client_as(institute_user), demand, seal)
    assert response.status_code == 302
    assert Engagement.objects.get(demand=demand).status == EngagementStatus.REQUESTED


def test_a_stranger_cannot_request(client_as, other_enterprise_user, seal_match):
    demand, seal = seal_match
    assert _request(client_as(other_enterprise_user), demand, seal).status_code == 403
    assert not Engagement.objects.exists()


def test_only_suggested_pairs_can_be_requested(client_as, enterprise_user, institute_user, seal_match, settings):
    demand, seal = seal_match
    settings.MATCHING_MIN_SCORE = 1.01  # nothing is relevant enough now
    response = _request(client_as(enterprise_user), demand, seal)
    assert response.status_code == 302
    assert not Engagement.objects.exists()


def test_an_enterprise_home_lists_its_suggestions(client_as, enterprise_user, seal_match):
    demand, _ = seal_match
    item = next(t for t in todos_for(enterprise_user) if "推荐成果" in t.label)
    page = client_as(enterprise_user).get(item.url)
    assert page.context["queue_count"] == item.count == 1
