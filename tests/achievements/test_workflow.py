"""Every achievement transition per role."""

import pytest

from achievements.models import Achievement
from core.workflow import TransitionError, transition
from tests.credit.factories import make_blacklist
from tests.demands.factories import make_achievement

LEGAL = [
    ("draft", "pending_review", "owner", ["other", "enterprise", "liaison", "leader"]),
    ("pending_review", "published", "bureau", ["owner", "other", "enterprise", "leader"]),
    ("draft", "published", "bureau", ["owner", "leader"]),
    ("pending_review", "draft", "bureau", ["other", "enterprise"]),
    ("pending_review", "draft", "owner", []),
    ("published", "transferred", "owner", ["other", "enterprise", "leader"]),
    ("published", "transferred", "bureau", []),
    ("published", "withdrawn", "owner", ["other", "enterprise", "leader"]),
    ("published", "withdrawn", "bureau", []),
    ("withdrawn", "draft", "owner", ["other", "leader"]),
]
ILLEGAL = [
    ("draft", "transferred"),
    ("draft", "withdrawn"),
    ("pending_review", "transferred"),
    ("published", "draft"),
    ("published", "pending_review"),
    ("transferred", "published"),
    ("transferred", "withdrawn"),
    ("withdrawn", "published"),
]


@pytest.fixture
def people(institute_user, enterprise_user, liaison_wenxian, bureau, leader):
    from tests import factories

    return {
        "owner": institute_user,
        "other": factories.make_institute_user(name="另一所大学"),
        "enterprise": enterprise_user,
        "liaison": liaison_wenxian,
        "bureau": bureau,
        "leader": leader,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target", "allowed", "refused"), LEGAL)
def test_legal_transition_per_role(people, source, target, allowed, refused):
    achievement = make_achievement(people["owner"].organisation, status=source)
    for role in refused:
        with pytest.raises(TransitionError) as exc:
            transition(achievement, target, people[role], "意见")
        assert exc.value.code == "forbidden", role
    transition(achievement, target, people[allowed], "意见")
    achievement.refresh_from_db()
    assert achievement.status == target


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_illegal_transition_is_refused(people, source, target):
    achievement = make_achievement(people["owner"].organisation, status=source)
    with pytest.raises(TransitionError) as exc:
        transition(achievement, target, people["bureau"], "意见")
    assert exc.value.code == "not_allowed"


@pytest.mark.django_db
def test_withdraw_and_return_need_a_reason(people):
    achievement = make_achievement(people["owner"].organisation, status="published")
    with pytest.raises(TransitionError) as exc:
        transition(achievement, "withdrawn", people["owner"], "")
    assert exc.value.code == "comment_required"


@pytest.mark.django_db
def test_blacklisted_institute_cannot_publish(people):
    org = people["owner"].organisation
    make_blacklist(org)
    achievement = make_achievement(org)
    with pytest.raises(TransitionError) as exc:
        transition(achievement, "pending_review", people["owner"])
    assert "黑名单" in exc.value.message
    with pytest.raises(TransitionError):
        transition(achievement, "published", people["bureau"])


@pytest.mark.django_db
def test_visibility(people):
    org = people["owner"].organisation
    for status in ("draft", "pending_review", "published", "transferred", "withdrawn"):
        make_achievement(org, status=status, title=f"成果-{status}")
    visible = set(Achievement.objects.visible_to(people["enterprise"]).values_list("status", flat=True))
    assert visible == {"published", "transferred"}
    assert Achievement.objects.visible_to(people["owner"]).count() == 5
    assert Achievement.objects.visible_to(people["bureau"]).count() == 5
    assert list(Achievement.objects.published().values_list("status", flat=True)) == ["published"]


@pytest.mark.django_db
def test_maturity_rank_order():
    from achievements.models import Maturity

    assert [Maturity.rank(v) for v in ("research", "sample", "lab_test", "pilot", "mass_production")] == [1, 2, 3, 4, 5]
    assert Maturity.rank("unknown") == 0
