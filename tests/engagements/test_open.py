"""Opening an engagement: who may, what it does to the demand, who then sees contacts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import StatusChange
from engagements.models import Engagement
from engagements.services import engagement_open
from tests.matching import factories as f

pytestmark = pytest.mark.django_db


def test_bureau_opens_and_the_demand_moves_to_in_progress(bureau, demand, achievement):
    engagement = engagement_open(user=bureau, demand=demand, achievement=achievement)
    demand.refresh_from_db()
    assert engagement.status == "intent"
    assert engagement.owner == bureau
    assert demand.status == "in_progress"
    change = StatusChange.objects.get(workflow="demand", object_id=str(demand.pk))
    assert (change.from_state, change.to_state, change.actor) == ("published", "in_progress", bureau)


def test_liaison_of_the_demands_county_may_open(liaison_wenxian, demand, achievement):
    engagement = engagement_open(user=liaison_wenxian, demand=demand, achievement=achievement)
    assert engagement.county.code == "wenxian"


@pytest.mark.parametrize("persona", ["liaison_qinyang", "enterprise_user", "institute_user", "leader"])
def test_others_may_not_open(persona, request, demand, achievement):
    with pytest.raises(PermissionDenied):
        engagement_open(user=request.getfixturevalue(persona), demand=demand, achievement=achievement)


def test_unpublished_demand_cannot_be_engaged(bureau, enterprise_user, achievement):
    draft = f.demand(enterprise_user.organisation, status="draft")
    with pytest.raises(ValidationError) as exc:
        engagement_open(user=bureau, demand=draft, achievement=achievement)
    assert "已发布" in str(exc.value)


def test_second_open_engagement_for_the_same_pair_is_refused(bureau, engagement, demand, achievement):
    with pytest.raises(ValidationError) as exc:
        engagement_open(user=bureau, demand=demand, achievement=achievement)
    assert "已有进行中的对接" in str(exc.value)
    assert Engagement.objects.count() == 1


def test_parties_are_told(
    bureau, demand, achievement, enterprise_user, institute_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        engagement_open(user=bureau, demand=demand, achievement=achievement)
    assert enterprise_user.notifications.filter(kind="engagement_opened").count() == 1
    assert institute_user.notifications.filter(kind="engagement_opened").count() == 1


def test_parties_of_an_open_engagement_see_each_others_contact(
    bureau, demand, achievement, institute_user, enterprise_user, other_enterprise_user
):
    assert not demand.contact_visible_to(institute_user)
    engagement = engagement_open(user=bureau, demand=demand, achievement=achievement)
    assert demand.contact_visible_to(institute_user)
    assert achievement.contact_visible_to(enterprise_user)
    assert not demand.contact_visible_to(other_enterprise_user)
    from core.workflow import transition

    transition(engagement, "terminated", bureau, comment="企业暂缓投资")
    assert not demand.contact_visible_to(institute_user)


def test_talent_engagement(bureau, demand):
    talent = f.talent()
    engagement = engagement_open(user=bureau, demand=demand, talent=talent)
    assert engagement.target_kind == "talent"
