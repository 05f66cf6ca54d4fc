"""Stages 意向 → 洽谈 → 签约 → 落地 / 终止, per role, through the API and core.workflow."""

import pytest

from core.workflow import TransitionError, transition

pytestmark = pytest.mark.django_db


def post(api, engagement, **body):
    return api.post(f"/api/v1/engagements/{engagement.pk}/transition/", body, format="json")


def test_bureau_moves_intent_to_negotiating(api_as, bureau, engagement):
    response = post(api_as(bureau), engagement, to="negotiating", comment="双方已见面")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "negotiating"


def test_liaison_of_the_county_may_move_it(api_as, liaison_wenxian, engagement):
    assert post(api_as(liaison_wenxian), engagement, to="negotiating").status_code == 200


def test_liaison_of_another_county_does_not_see_it(api_as, liaison_qinyang, engagement):
    assert post(api_as(liaison_qinyang), engagement, to="negotiating").status_code == 404


@pytest.mark.parametrize("persona", ["enterprise_user", "institute_user", "leader"])
def test_parties_and_leaders_read_but_cannot_move(api_as, persona, request, engagement):
    api = api_as(request.getfixturevalue(persona))
    assert api.get(f"/api/v1/engagements/{engagement.pk}/").status_code == 200
    assert post(api, engagement, to="negotiating").status_code == 403
    engagement.refresh_from_db()
    assert engagement.status == "intent"


def test_outsider_gets_404(api_as, other_enterprise_user, engagement):
    assert api_as(other_enterprise_user).get(f"/api/v1/engagements/{engagement.pk}/").status_code == 404


def test_cannot_skip_a_stage(api_as, bureau, engagement):
    response = post(api_as(bureau), engagement, to="landed")
    assert response.status_code == 400
    assert "不能从" in response.json()["detail"]


def test_termination_needs_a_reason_and_records_it(api_as, bureau, engagement, django_capture_on_commit_callbacks):
    api = api_as(bureau)
    response = post(api, engagement, to="terminated")
    assert response.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = post(api, engagement, to="terminated", comment="企业转产，不再需要")
    assert response.status_code == 200
    engagement.refresh_from_db()
    assert engagement.status == "terminated"
    assert engagement.termination_reason == "企业转产，不再需要"


def test_terminated_is_final(bureau, engagement):
    transition(engagement, "terminated", bureau, comment="撤回")
    with pytest.raises(TransitionError):
        transition(engagement, "negotiating", bureau)


def test_signing_an_achievement_engagement_needs_the_contract(api_as, bureau, engagement):
    transition(engagement, "negotiating", bureau)
    response = post(api_as(bureau), engagement, to="signed")
    assert response.status_code == 400
    assert "技术合同登记编号" in response.json()["detail"]


def test_stage_changes_notify_parties(bureau, engagement, enterprise_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        transition(engagement, "negotiating", bureau)
    assert enterprise_user.notifications.filter(kind="engagement_stage").count() == 1
