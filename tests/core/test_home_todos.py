"""Each role's home page is a to-do list: every line's count equals the queue its link opens."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from core.registry import todos_for
from core.reminders import quarter_of
from demands.models import Demand
from subsidies.models import Claim
from talents.models import Talent, TalentCorrection, TalentStatus
from tests.demands.factories import make_demand
from tests.factories import OrganisationFactory
from tests.subsidies.factories import advance, make_claim, make_contract, make_payment
from tests.supervision.factories import ledger_item, task
from tests.talents.factories import make_talent

pytestmark = pytest.mark.django_db


def listed(response) -> int:
    """How many rows the queue page lists (over all its pages)."""
    context = response.context
    if "paginator" in context:
        return context["paginator"].count
    if "page_obj" in context:
        return context["page_obj"].paginator.count
    if "queue_count" in context:
        return context["queue_count"]
    return context["queue"].count()


@pytest.fixture
def busy_portal(bureau, liaison_wenxian, enterprise_user, institute_user):
    """Something waiting in every queue, and some of it outside each role's scope."""
    make_talent("wenxian")
    overdue = make_talent("wenxian", name="李娜")
    Talent.objects.filter(pk=overdue.pk).update(is_refresh_due=True)
    Talent.objects.filter(pk=make_talent("qinyang", name="王强").pk).update(is_refresh_due=True)
    TalentCorrection.objects.create(talent=overdue, changes={"employer": "新单位"})
    make_talent("wenxian", name="赵敏", status=TalentStatus.SCREENING)
    make_talent("qinyang", name="钱进", status=TalentStatus.SCREENING)
    twin = make_talent("wuzhi", name="孙丽", status=TalentStatus.SCREENING)
    make_talent("wenxian", name="孙丽华", phone=twin.phone)  # the same phone: a likely duplicate
    make_demand(enterprise_user.organisation, status=Demand.Status.RETURNED)
    make_demand(enterprise_user.organisation, status=Demand.Status.PENDING_REVIEW, title="数控机床主轴热变形补偿")
    OrganisationFactory(kind=Organisation.Kind.ENTERPRISE, is_verified=False)
    claim = make_claim(enterprise_user, bureau)
    advance(claim, (enterprise_user, Claim.Status.SUBMITTED))
    make_payment(make_contract(enterprise_user), enterprise_user)  # waits for the bureau's check
    today = timezone.localdate()
    this_quarter = {"year": today.year, "quarter": quarter_of(today)}
    ledger_item("wenxian", **this_quarter, task="院地合作对接走访")
    ledger_item("qinyang", **this_quarter, task="沁阳走访")  # another county's ledger
    task("wenxian", due_on=today - dt.timedelta(days=3), title="整理人才库更新台账")


@pytest.mark.parametrize("persona", ["bureau", "liaison_wenxian", "enterprise_user", "institute_user", "leader"])
def test_every_todo_count_equals_its_queue(request, client_as, busy_portal, persona):
    user = request.getfixturevalue(persona)
    client = client_as(user)
    home = client.get(reverse("core:home")).content.decode()
    todos = todos_for(user)
    assert todos or persona == "institute_user"
    for item in todos:
        assert item.url in home.replace("&amp;", "&")
        response = client.get(item.url)
        assert response.status_code == 200, item
        assert listed(response) == item.count, item


def test_a_liaison_sees_its_own_county_work(liaison_wenxian, busy_portal):
    counts = {t.label: t.count for t in todos_for(liaison_wenxian)}
    assert counts["到期待更新的人才记录"] == 1  # not the other county's
    assert counts["待确认的本人更正"] == 1
    assert counts["待县区初审的补助申报"] == 1


def test_the_bureau_sees_every_review_queue(bureau, busy_portal):
    counts = {t.label: t.count for t in todos_for(bureau)}
    assert counts["待甄别的人才记录"] == 3
    assert counts["有疑似重复的待甄别记录"] == 1
    assert counts["待审核的需求"] == 1
    assert counts["待核验的单位"] >= 1
    assert counts["待核实的合同支付"] == 1


def test_an_enterprise_sees_what_came_back(enterprise_user, busy_portal):
    counts = {t.label: t.count for t in todos_for(enterprise_user)}
    assert counts["退回修改的需求"] == 1
    assert counts["审核中的补助申报"] == 1
    assert "待审核的需求" not in counts


def test_home_no_longer_shows_the_descriptive_card(client_as, liaison_wenxian):
    body = client_as(liaison_wenxian).get(reverse("core:home")).content.decode()
    assert "下一步工作" not in body
    assert "待办事项" in body


def test_a_review_request_is_done_once_the_claim_leaves_county_review(
    enterprise_user, liaison_wenxian, bureau, django_capture_on_commit_callbacks
):
    from core.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        claim = advance(make_claim(enterprise_user, bureau), (enterprise_user, Claim.Status.SUBMITTED))
    asked = Notification.objects.get(recipient=liaison_wenxian, kind="subsidy_claim_submitted")
    assert asked.read_at is None
    advance(claim, (liaison_wenxian, Claim.Status.COUNTY_REVIEW))
    asked.refresh_from_db()
    assert asked.read_at is None  # still the liaison's task while in county review
    with django_capture_on_commit_callbacks(execute=True):
        advance(claim, (liaison_wenxian, Claim.Status.BUREAU_REVIEW))
    asked.refresh_from_db()
    assert asked.read_at is not None
    assert Notification.objects.filter(recipient=bureau, kind="subsidy_claim_bureau_review", read_at=None).exists()


def test_a_correction_request_is_done_once_decided(liaison_wenxian):
    from core.models import Notification
    from core.notifications import notify
    from talents.services import correction_decide

    talent = make_talent("wenxian")
    correction = TalentCorrection.objects.create(talent=talent, changes={"employer": "新单位"})
    asked = notify(liaison_wenxian, "talent_correction", talent, title=f"{talent.name} 提交了信息更正，待您审核")
    correction_decide(correction=correction, user=liaison_wenxian, approve=True)
    asked.refresh_from_db()
    assert asked.read_at is not None
    assert not Notification.objects.filter(recipient=liaison_wenxian, read_at=None, kind="talent_correction").exists()


def test_a_pair_confirmed_distinct_is_no_longer_a_duplicate(bureau):
    a = make_talent("wenxian", name="周强", status=TalentStatus.SCREENING)
    b = make_talent("qinyang", name="周强")  # same name and birth year
    counts = {t.label: t.count for t in todos_for(bureau)}
    assert counts["有疑似重复的待甄别记录"] == 1
    a.distinct_from.add(b)
    counts = {t.label: t.count for t in todos_for(bureau)}
    assert counts["有疑似重复的待甄别记录"] == 0


def test_the_liaison_sees_this_quarters_ledger_and_overdue_tasks(liaison_wenxian, busy_portal):
    lines = {t.label: t.count for t in todos_for(liaison_wenxian)}
    assert lines["本季度未开始的台账事项"] == 1  # not the other county's
    assert lines["已逾期的交办任务"] == 1
