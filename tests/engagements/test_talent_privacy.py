"""An engaged talent is a person only to the bureau, their home county's liaison and the
demand's enterprise; leaders and other counties see the anonymised profile."""

import pytest
from django.core.exceptions import PermissionDenied

from engagements.services import engagement_open
from tests.matching import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def qinyang_talent():
    return f.talent(name="沁阳专家甲", employer="某研究院甲", county="qinyang")


@pytest.fixture
def talent_engagement(bureau, demand, qinyang_talent):
    return engagement_open(user=bureau, demand=demand, talent=qinyang_talent)


@pytest.mark.parametrize(
    "persona, sees_name",
    [
        ("bureau", True),
        ("liaison_qinyang", True),  # the talent's home county
        ("enterprise_user", True),  # the demand's enterprise, once the bureau opened it
        ("liaison_wenxian", False),  # the demand's county, not the talent's
        ("leader", False),
    ],
)
def test_who_sees_the_engaged_talent_by_name(request, api_as, talent_engagement, persona, sees_name):
    user = request.getfixturevalue(persona)
    assert talent_engagement.talent_name_visible_to(user) is sees_name
    response = api_as(user).get(f"/api/v1/engagements/{talent_engagement.pk}/")
    if response.status_code == 200:
        assert ("沁阳专家甲" in response.content.decode()) is sees_name


def test_liaison_cannot_open_with_another_countys_talent(liaison_wenxian, demand, qinyang_talent):
    with pytest.raises(PermissionDenied):
        engagement_open(user=liaison_wenxian, demand=demand, talent=qinyang_talent)


def test_talents_home_liaison_may_open_for_any_demand(liaison_qinyang, demand, qinyang_talent):
    engagement = engagement_open(user=liaison_qinyang, demand=demand, talent=qinyang_talent)
    assert engagement.talent == qinyang_talent
