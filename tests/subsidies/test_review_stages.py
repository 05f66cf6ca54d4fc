"""Every approval path passes each required stage; a reopen returns the claim to the stage that
decided it; one person reviews one stage of a claim; the blacklist holds at approval and payout."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from core.workflow import TransitionError, transition
from subsidies.models import Claim
from tests.credit.factories import make_blacklist

from .factories import advance, make_claim

pytestmark = pytest.mark.django_db
S = Claim.Status


def submitted(owner, bureau, exceptional=False):
    return advance(make_claim(owner, bureau, exceptional=exceptional), (owner, S.SUBMITTED))


def at_bureau(owner, bureau, liaison, exceptional=False):
    claim = submitted(owner, bureau, exceptional)
    return advance(claim, (liaison, S.COUNTY_REVIEW), (liaison, S.BUREAU_REVIEW))


def add_role(user, role):
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return type(user).objects.get(pk=user.pk)


# --------------------------------------------------------------------------- reopen goes back


@pytest.mark.parametrize("rejected_in", [S.SUBMITTED, S.COUNTY_REVIEW])
def test_county_rejection_reopens_to_county_review_only(enterprise_user, bureau, liaison_wenxian, rejected_in):
    claim = submitted(enterprise_user, bureau)
    if rejected_in == S.COUNTY_REVIEW:
        claim = advance(claim, (liaison_wenxian, S.COUNTY_REVIEW))
    transition(claim, S.REJECTED, liaison_wenxian, "材料不实")
    with pytest.raises(TransitionError, match="县区初审"):
        transition(claim, S.BUREAU_REVIEW, bureau, "误驳回")
    transition(claim, S.COUNTY_REVIEW, bureau, "误驳回")
    claim.refresh_from_db()
    assert claim.status == S.COUNTY_REVIEW
    # and the bureau still cannot approve before the county passes it on
    with pytest.raises(TransitionError):
        transition(claim, S.APPROVED, bureau, "同意")
    claim = advance(claim, (liaison_wenxian, S.BUREAU_REVIEW), (bureau, S.APPROVED))
    assert claim.status == S.APPROVED


def test_bureau_rejection_reopens_to_bureau_review(enterprise_user, bureau, liaison_wenxian):
    claim = at_bureau(enterprise_user, bureau, liaison_wenxian)
    transition(claim, S.REJECTED, bureau, "不符合条件")
    with pytest.raises(TransitionError, match="市级审核"):
        transition(claim, S.COUNTY_REVIEW, bureau, "更正")
    transition(claim, S.BUREAU_REVIEW, bureau, "更正")
    assert advance(claim, (bureau, S.APPROVED)).status == S.APPROVED


def test_leader_rejection_reopens_to_leader_review(enterprise_user, bureau, liaison_wenxian, leader):
    claim = advance(at_bureau(enterprise_user, bureau, liaison_wenxian, exceptional=True), (bureau, S.LEADER_REVIEW))
    transition(claim, S.REJECTED, leader, "不予支持")
    for wrong in (S.COUNTY_REVIEW, S.BUREAU_REVIEW):
        with pytest.raises(TransitionError, match="一事一议决策"):
            transition(claim, wrong, bureau, "更正")
    transition(claim, S.LEADER_REVIEW, bureau, "更正")
    claim = advance(claim, (leader, S.APPROVED, {"decision_reference": "焦政纪〔2025〕3号"}))
    assert claim.status == S.APPROVED


@pytest.mark.parametrize("then_publicise", [False, True])
def test_approval_reopens_to_the_stage_that_approved(enterprise_user, bureau, liaison_wenxian, leader, then_publicise):
    ordinary = advance(at_bureau(enterprise_user, bureau, liaison_wenxian), (bureau, S.APPROVED))
    exceptional = advance(
        at_bureau(enterprise_user, bureau, liaison_wenxian, exceptional=True),
        (bureau, S.LEADER_REVIEW),
        (leader, S.APPROVED, {"decision_reference": "焦政纪〔2025〕3号"}),
    )
    if then_publicise:
        ordinary = advance(ordinary, (bureau, S.PUBLICIZED))
        exceptional = advance(exceptional, (bureau, S.PUBLICIZED))
    with pytest.raises(TransitionError):
        transition(exceptional, S.BUREAU_REVIEW, bureau, "更正")
    transition(exceptional, S.LEADER_REVIEW, bureau, "更正")
    transition(ordinary, S.BUREAU_REVIEW, bureau, "更正")
    assert (ordinary.status, exceptional.status) == (S.BUREAU_REVIEW, S.LEADER_REVIEW)


def test_reopen_offers_one_button_to_the_right_stage(enterprise_user, bureau, liaison_wenxian):
    claim = submitted(enterprise_user, bureau)
    transition(claim, S.REJECTED, liaison_wenxian, "材料不实")
    targets = [t.target for t in claim.workflow.available(claim, bureau)]
    assert targets == [S.COUNTY_REVIEW]


def test_exceptional_claim_cannot_be_approved_without_the_bureau_forwarding_it(
    enterprise_user, bureau, liaison_wenxian, leader
):
    claim = at_bureau(enterprise_user, bureau, liaison_wenxian, exceptional=True)
    with pytest.raises(TransitionError, match="领导决策"):
        transition(claim, S.APPROVED, bureau, "同意")


# --------------------------------------------------------------------------- one person, one stage


def test_bureau_who_is_also_leader_cannot_forward_and_decide(enterprise_user, bureau, liaison_wenxian):
    both = add_role(bureau, "leader")
    claim = advance(at_bureau(enterprise_user, bureau, liaison_wenxian, exceptional=True), (both, S.LEADER_REVIEW))
    with pytest.raises(TransitionError, match="同一人"):
        transition(claim, S.APPROVED, both, "同意", {"decision_reference": "焦政纪〔2025〕3号"})
    assert S.APPROVED not in [t.target for t in claim.workflow.available(claim, both)]


def test_liaison_who_is_also_bureau_cannot_review_two_stages(enterprise_user, bureau, liaison_wenxian):
    both = add_role(liaison_wenxian, "bureau")
    claim = advance(submitted(enterprise_user, bureau), (both, S.COUNTY_REVIEW), (both, S.BUREAU_REVIEW))
    with pytest.raises(TransitionError, match="同一人"):
        transition(claim, S.APPROVED, both, "同意")
    assert advance(claim, (bureau, S.APPROVED)).status == S.APPROVED


# --------------------------------------------------------------------------- blacklist


def blacklist(org):
    make_blacklist(org, reason="虚报技术合同")


def test_blacklisted_enterprise_is_not_approved(enterprise_user, bureau, liaison_wenxian):
    claim = at_bureau(enterprise_user, bureau, liaison_wenxian)
    blacklist(enterprise_user.organisation)
    with pytest.raises(TransitionError, match="黑名单"):
        transition(claim, S.APPROVED, bureau, "同意")


def test_blacklisted_enterprise_is_not_approved_by_leaders(enterprise_user, bureau, liaison_wenxian, leader):
    claim = advance(at_bureau(enterprise_user, bureau, liaison_wenxian, exceptional=True), (bureau, S.LEADER_REVIEW))
    blacklist(enterprise_user.organisation)
    with pytest.raises(TransitionError, match="黑名单"):
        transition(claim, S.APPROVED, leader, "同意", {"decision_reference": "焦政纪〔2025〕3号"})


def test_blacklisted_enterprise_is_not_paid(enterprise_user, bureau, liaison_wenxian):
    claim = advance(at_bureau(enterprise_user, bureau, liaison_wenxian), (bureau, S.APPROVED), (bureau, S.PUBLICIZED))
    Claim.objects.filter(pk=claim.pk).update(publicity_until=timezone.localdate() - timedelta(days=1))
    claim.refresh_from_db()
    blacklist(enterprise_user.organisation)
    data = {"disbursed_on": timezone.localdate().isoformat(), "disbursement_reference": "JZCZ-001"}
    with pytest.raises(TransitionError, match="黑名单"):
        transition(claim, S.DISBURSED, bureau, "拨付", data)
