"""History is shown as the record is: masked for those who may not see the contact, and in a
person's words (labels, money, local minutes, the real user)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from core.acting import acting_as
from core.history import history_entries, status_entries
from core.workflow import transition
from engagements.services import engagement_open
from tests import factories
from tests.demands.factories import make_achievement, make_demand
from tests.matching import factories as f

pytestmark = pytest.mark.django_db


def _edit_contact(record, user, **values):
    for name, value in values.items():
        setattr(record, name, value)
    with acting_as(user):
        record.save()


@pytest.fixture
def demand(enterprise_user, bureau):
    demand = make_demand(
        enterprise_user.organisation, status="published", contact_name="王建国", contact_phone="13903910001"
    )
    _edit_contact(demand, bureau, contact_name="李卫东", contact_phone="13903910002", contact_email="liwd@example.com")
    return demand


def test_demand_history_masks_the_contact_for_other_units(demand, other_enterprise_user, leader, client_as):
    for user in (other_enterprise_user, leader):
        body = client_as(user).get(f"/demands/{demand.pk}/").content.decode()
        for secret in ("13903910001", "13903910002", "王建国", "李卫东", "liwd@example.com"):
            assert secret not in body, (user, secret)
        assert "139****0001 → 139****0002" in body


def test_owner_and_bureau_read_the_history_in_full(demand, enterprise_user, bureau, client_as):
    for user in (enterprise_user, bureau):
        body = client_as(user).get(f"/demands/{demand.pk}/").content.decode()
        assert "13903910001 → 13903910002" in body
        assert "王建国 → 李卫东" in body


def test_achievement_history_masks_the_contact(institute_user, enterprise_user, bureau, client_as):
    achievement = make_achievement(institute_user.organisation, status="published", contact_phone="13800000001")
    _edit_contact(achievement, bureau, contact_phone="13800000002")
    body = client_as(enterprise_user).get(f"/achievements/{achievement.pk}/").content.decode()
    assert "13800000001" not in body and "13800000002" not in body
    assert "138****0001 → 138****0002" in body


def test_no_user_means_everything_declared_is_masked(demand):
    changes = [c for e in history_entries(demand) for c in e.changes]
    assert ("联系电话", "139****0001", "139****0002") in changes


def test_opening_a_talent_engagement_does_not_name_the_talent_on_the_demand(
    bureau, enterprise_user, other_enterprise_user, leader, client_as
):
    demand = f.demand(enterprise_user.organisation, county=factories.county("wenxian"))
    talent = f.talent(name="沁阳专家甲", employer="某研究院甲", county="qinyang")
    engagement_open(user=bureau, demand=demand, talent=talent)
    for user in (other_enterprise_user, leader):
        response = client_as(user).get(f"/demands/{demand.pk}/")
        if response.status_code == 200:
            assert "沁阳专家甲" not in response.content.decode()
            assert "某研究院甲" not in response.content.decode()
    comments = [e.comment for e in status_entries(demand, leader)]
    assert any(c.startswith("发起对接") for c in comments)
    assert not any("沁阳专家甲" in c for c in comments)


def test_engaged_talent_is_hidden_in_the_engagement_history_for_the_anonymised_view(
    bureau, enterprise_user, leader, liaison_qinyang
):
    demand = f.demand(enterprise_user.organisation, county=factories.county("wenxian"))
    first = f.talent(name="沁阳专家甲", employer="某研究院甲", county="qinyang")
    second = f.talent(name="沁阳专家乙", employer="某研究院乙", county="qinyang")
    engagement = engagement_open(user=bureau, demand=demand, talent=first)
    engagement.talent = second
    with acting_as(bureau):
        engagement.save()
    leader_changes = [c for e in history_entries(engagement, leader) for c in e.changes]
    assert ("人才", "（已隐去）", "（已隐去）") in leader_changes
    bureau_changes = [c for e in history_entries(engagement, bureau) for c in e.changes]
    assert ("人才", str(first), str(second)) in bureau_changes


def test_history_reads_in_labels_money_local_minutes_and_the_real_user(enterprise_user, bureau, client_as):
    achievement = make_achievement(
        enterprise_user.organisation,
        status="draft",
        reference_price=Decimal("56000"),
        transfer_modes=["ordinary_license"],
    )
    achievement.reference_price = Decimal("1234567.5")
    achievement.transfer_modes = ["ordinary_license", "transfer"]
    achievement.published_at = dt.datetime(2026, 11, 29, 6, 52, 16, 631151, tzinfo=dt.UTC)
    with acting_as(enterprise_user):
        achievement.save()
    # A transition outside any request (a service, a task) is credited to the person, not 系统.
    transition(achievement, "pending_review", enterprise_user)
    entries = history_entries(achievement, bureau)
    assert entries[0].who == enterprise_user
    assert ("状态", "草稿", "待审核") in entries[0].changes
    changes = dict((label, (old, new)) for label, old, new in entries[1].changes)
    assert changes["参考价格（万元）"] == ("56,000.00", "1,234,567.50")
    assert changes["转化方式"][1] == "普通许可、转让"
    assert changes["发布时间"] == ("（空）", "2026-11-29 14:52")
    assert all(e.who != "系统" for e in entries[:2])
    body = client_as(bureau).get(f"/achievements/{achievement.pk}/").content.decode()
    assert "pending_review" not in body.split('id="history"')[1]
    assert not re.search(r"\d{2}:\d{2}:\d{2}\.\d+", body)
    assert timezone.localtime(entries[0].when).utcoffset() == dt.timedelta(hours=8)
