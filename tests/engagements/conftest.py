import pytest

from engagements.services import engagement_open
from tests import factories
from tests.matching import factories as f


@pytest.fixture
def demand(enterprise_user):
    return f.demand(enterprise_user.organisation, county=factories.county("wenxian"))


@pytest.fixture
def achievement(institute_user):
    return f.achievement(institute_user.organisation)


@pytest.fixture
def engagement(bureau, demand, achievement):
    return engagement_open(user=bureau, demand=demand, achievement=achievement)
