"""Every demand transition per role: who may, who may not, and what must be true."""

import pytest

from core.models import StatusChange
from core.workflow import TransitionError, transition, transition_many
from demands.models import Demand
from tests.credit.factories import make_blacklist

from .factories import make_demand

# (from, to, role that may, roles that may not)
LEGAL = [
    ("draft", "pending_review", "owner", ["other", "institute", "liaison", "leader"]),
    ("returned", "pending_review", "owner", ["other", "leader"]),
    ("pending_review", "published", "bureau", ["owner", "other", "liaison", "leader"]),
    ("draft", "published", "bureau", ["owner", "leader"]),
    ("pending_review", "returned", "bureau", ["owner", "other", "leader"]),
    ("published", "returned", "bureau", ["owner", "leader"]),
    ("pending_review", "draft", "owner", ["other", "bureau", "leader"]),
    ("published", "in_progress", "bureau", ["owner", "other", "leader"]),
    ("published", "in_progress", "liaison", ["institute"]),
    ("in_progress", "published", "bureau", ["owner", "other"]),
    ("in_progress", "resolved", "owner", ["other", "liaison", "leader"]),
    ("in_progress", "resolved", "bureau", []),
    ("published", "closed", "owner", ["other", "liaison", "leader"]),
    ("draft", "closed", "bureau", ["other"]),
    ("closed", "draft", "owner", ["other", "leader"]),
]
ILLEGAL = [
    ("draft", "in_progress"),
    ("draft", "resolved"),
    ("draft", "returned"),
    ("pending_review", "resolved"),
    ("published", "draft"),
    ("published", "pending_review"),
    ("returned", "published"),
    ("resolved", "published"),
    ("resolved", "closed"),
    ("resolved", "draft"),
    ("closed", "published"),
]


@pytest.fixture
def people(enterprise_user, other_enterprise_user, institute_user, liaison_wenxian, bureau, leader):
    return {
        "owner": enterprise_user,
        "other": other_enterprise_user,
        "institute": institute_user,
        "liaison": liaison_wenxian,
        "bureau": bureau,
        "leader": leader,
    }


COMMENT = "审核意见：请补充关键指标。"


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target", "allowed", "refused"), LEGAL)
def test_legal_transition_per_role(people, source, target, allowed, refused):
    demand = make_demand(people["owner"].organisation, status=source)
    for role in refused:
        with pytest.raises(TransitionError) as exc:
            transition(demand, target, people[role], COMMENT)
        assert exc.value.code == "forbidden", role
        demand.refresh_from_db()
        assert demand.status == source
    change = transition(demand, target, people[allowed], COMMENT)
    demand.refresh_from_db()
    assert demand.status == target
    assert (change.from_state, change.to_state, change.actor) == (source, target, people[allowed])
    assert StatusChange.objects.filter(object_id=str(demand.pk), to_state=target).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_illegal_transition_is_refused_even_for_bureau(people, source, target):
    demand = make_demand(people["owner"].organisation, status=source)
    with pytest.raises(TransitionError) as exc:
        transition(demand, target, people["bureau"], COMMENT)
    assert exc.value.code == "not_allowed"
    demand.refresh_from_db()
    assert demand.status == source


@pytest.mark.django_db
def test_return_needs_a_reason(people):
    demand = make_demand(people["owner"].organisation, status="pending_review")
    with pytest.raises(TransitionError) as exc:
        transition(demand, "returned", people["bureau"], "  ")
    assert exc.value.code == "comment_required"


@pytest.mark.django_db
def test_publish_stamps_published_at_and_notifies_owner(people, django_capture_on_commit_callbacks):
    demand = make_demand(people["owner"].organisation, status="pending_review")
    with django_capture_on_commit_callbacks(execute=True):
        transition(demand, "published", people["bureau"])
    demand.refresh_from_db()
    assert demand.published_at is not None
    assert people["owner"].notifications.filter(kind="demand_published").exists()


@pytest.mark.django_db
def test_submit_notifies_the_bureau(people, django_capture_on_commit_callbacks):
    demand = make_demand(people["owner"].organisation)
    with django_capture_on_commit_callbacks(execute=True):
        transition(demand, "pending_review", people["owner"])
    assert people["bureau"].notifications.filter(kind="demand_pending_review").exists()


@pytest.mark.django_db
def test_blacklisted_enterprise_cannot_submit_or_be_published(people):
    org = people["owner"].organisation
    demand = make_demand(org)
    queued = make_demand(org, status="pending_review", title="另一条需求")
    make_blacklist(org, reason="虚报需求信息")
    with pytest.raises(TransitionError) as exc:
        transition(demand, "pending_review", people["owner"])
    assert "黑名单" in exc.value.message and "虚报需求信息" in exc.value.message
    with pytest.raises(TransitionError):
        transition(queued, "published", people["bureau"])


@pytest.mark.django_db
def test_expired_demand_cannot_be_submitted(people):
    import datetime as dt

    from django.utils import timezone

    demand = make_demand(people["owner"].organisation, valid_until=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(TransitionError) as exc:
        transition(demand, "pending_review", people["owner"])
    assert "有效期" in exc.value.message


@pytest.mark.django_db
def test_batch_publish_goes_through_the_same_checks(people):
    org = people["owner"].organisation
    good = [make_demand(org, status="pending_review", title=f"需求{i}") for i in range(3)]
    draft_of_blacklisted = make_demand(make_demand(org).owner, status="resolved", title="已解决的需求")
    done, failed = transition_many([*good, draft_of_blacklisted], "published", people["bureau"])
    assert len(done) == 3
    assert [obj.pk for obj, _ in failed] == [draft_of_blacklisted.pk]
    assert Demand.objects.filter(status="published").count() == 3


@pytest.mark.django_db
def test_batch_page_action_returns_many_with_reason(people, client_as):
    org = people["owner"].organisation
    demands = [make_demand(org, status="pending_review", title=f"需求{i}") for i in range(2)]
    client = client_as(people["bureau"])
    response = client.post(
        "/demands/batch/", {"ids": [d.pk for d in demands], "to": "returned", "comment": "请补充现有基础"}
    )
    assert response.status_code == 302
    assert set(Demand.objects.values_list("status", flat=True)) == {"returned"}


@pytest.mark.django_db
def test_batch_page_is_for_the_bureau_only(people, client_as):
    demand = make_demand(people["owner"].organisation, status="pending_review")
    response = client_as(people["owner"]).post("/demands/batch/", {"ids": [demand.pk], "to": "published"})
    assert response.status_code == 403
    demand.refresh_from_db()
    assert demand.status == "pending_review"
