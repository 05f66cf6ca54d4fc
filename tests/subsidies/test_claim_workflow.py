"""Every claim transition by every role: the allowed one succeeds, every other persona is refused."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from core.models import StatusChange
from core.workflow import TransitionError, transition
from subsidies.models import Claim

from .factories import advance, make_claim

pytestmark = pytest.mark.django_db
S = Claim.Status


@pytest.fixture
def people(enterprise_user, other_enterprise_user, liaison_wenxian, liaison_qinyang, bureau, leader, institute_user):
    return {
        "owner": enterprise_user,
        "other_enterprise": other_enterprise_user,
        "liaison_wenxian": liaison_wenxian,
        "liaison_qinyang": liaison_qinyang,
        "bureau": bureau,
        "leader": leader,
        "institute": institute_user,
    }


def claim_in(state, people, exceptional=False):
    p = people
    claim = make_claim(p["owner"], p["bureau"], exceptional=exceptional)
    paths = {
        S.DRAFT: [],
        S.SUBMITTED: [(p["owner"], S.SUBMITTED)],
        S.COUNTY_REVIEW: [(p["owner"], S.SUBMITTED), (p["liaison_wenxian"], S.COUNTY_REVIEW)],
        S.BUREAU_REVIEW: [
            (p["owner"], S.SUBMITTED),
            (p["liaison_wenxian"], S.COUNTY_REVIEW),
            (p["liaison_wenxian"], S.BUREAU_REVIEW),
        ],
    }
    if state in paths:
        return advance(claim, *paths[state])
    claim = advance(claim, *paths[S.BUREAU_REVIEW])
    if state == S.LEADER_REVIEW:
        return advance(claim, (p["bureau"], S.LEADER_REVIEW))
    if state == S.RETURNED:
        return advance(claim, (p["bureau"], S.RETURNED))
    if state == S.REJECTED:
        return advance(claim, (p["bureau"], S.REJECTED))
    claim = advance(claim, (p["bureau"], S.APPROVED))
    if state == S.APPROVED:
        return claim
    claim = advance(claim, (p["bureau"], S.PUBLICIZED))
    Claim.objects.filter(pk=claim.pk).update(publicity_until=timezone.localdate() - timedelta(days=1))
    return Claim.objects.get(pk=claim.pk)


DISBURSE = {"disbursed_on": str(timezone.localdate()), "disbursement_reference": "财拨〔2025〕0012"}

# (start state, target, exceptional claim?, the one persona allowed, data)
TABLE = [
    (S.DRAFT, S.SUBMITTED, False, "owner", {}),
    (S.RETURNED, S.SUBMITTED, False, "owner", {}),
    (S.SUBMITTED, S.COUNTY_REVIEW, False, "liaison_wenxian", {}),
    (S.COUNTY_REVIEW, S.BUREAU_REVIEW, False, "liaison_wenxian", {"amount": "90000.00"}),
    (S.SUBMITTED, S.RETURNED, False, "liaison_wenxian", {}),
    (S.COUNTY_REVIEW, S.REJECTED, False, "liaison_wenxian", {}),
    (S.BUREAU_REVIEW, S.APPROVED, False, "bureau", {"amount": "80000.00"}),
    (S.BUREAU_REVIEW, S.RETURNED, False, "bureau", {}),
    (S.BUREAU_REVIEW, S.REJECTED, False, "bureau", {}),
    (S.BUREAU_REVIEW, S.LEADER_REVIEW, True, "bureau", {}),
    (S.LEADER_REVIEW, S.APPROVED, True, "leader", {"decision_reference": "市政府常务会议纪要〔2025〕12号"}),
    (S.LEADER_REVIEW, S.BUREAU_REVIEW, True, "leader", {}),
    (S.LEADER_REVIEW, S.REJECTED, True, "leader", {}),
    (S.APPROVED, S.PUBLICIZED, False, "bureau", {}),
    (S.PUBLICIZED, S.DISBURSED, False, "bureau", DISBURSE),
    (S.APPROVED, S.BUREAU_REVIEW, False, "bureau", {}),
    (S.REJECTED, S.BUREAU_REVIEW, False, "bureau", {}),
]


@pytest.mark.parametrize("start, target, exceptional, allowed, data", TABLE, ids=lambda v: str(v))
def test_transition_allowed_for_one_role_refused_for_others(people, start, target, exceptional, allowed, data):
    claim = claim_in(start, people, exceptional)
    assert claim.status == start
    for name, user in people.items():
        if name == allowed:
            continue
        with pytest.raises(TransitionError):
            transition(claim, target, user, "意见", dict(data))
        claim.refresh_from_db()
        assert claim.status == start, f"{name} moved the claim"
    transition(claim, target, people[allowed], "意见", dict(data))
    claim.refresh_from_db()
    assert claim.status == target


def test_bureau_cannot_do_the_county_step(people):
    claim = claim_in(S.SUBMITTED, people)
    with pytest.raises(TransitionError) as exc:
        transition(claim, S.COUNTY_REVIEW, people["bureau"], "")
    assert exc.value.code == "forbidden"


def test_exceptional_claim_needs_leader_and_ordinary_claim_does_not(people):
    exceptional = claim_in(S.BUREAU_REVIEW, people, exceptional=True)
    with pytest.raises(TransitionError, match="报请领导决策"):
        transition(exceptional, S.APPROVED, people["bureau"], "")
    ordinary = claim_in(S.BUREAU_REVIEW, people)
    with pytest.raises(TransitionError, match="只有一事一议"):
        transition(ordinary, S.LEADER_REVIEW, people["bureau"], "")


def test_leader_decision_requires_reference_and_is_recorded(people):
    claim = claim_in(S.LEADER_REVIEW, people, exceptional=True)
    with pytest.raises(TransitionError, match="决策依据"):
        transition(claim, S.APPROVED, people["leader"], "同意")
    transition(claim, S.APPROVED, people["leader"], "同意", {"decision_reference": "焦科纪〔2025〕3号"})
    claim.refresh_from_db()
    assert claim.decision_reference == "焦科纪〔2025〕3号"
    assert claim.decision_by == people["leader"] and claim.decision_at is not None
    change = StatusChange.objects.filter(object_id=str(claim.pk), to_state=S.APPROVED).get()
    assert change.data["decision_reference"] == "焦科纪〔2025〕3号"


def test_exceptional_claim_may_exceed_ordinary_cap_up_to_exceptional_cap(people):
    claim = make_claim(people["owner"], people["bureau"], transaction_amount="25000000.00", exceptional=True)
    assert claim.computed_amount == Decimal("2000000.00")
    ordinary = make_claim(people["owner"], people["bureau"], transaction_amount="25000000.00")
    assert ordinary.computed_amount == Decimal("1000000.00")


def test_comment_required_for_return_reject_and_reopen(people):
    claim = claim_in(S.SUBMITTED, people)
    with pytest.raises(TransitionError, match="请填写意见"):
        transition(claim, S.RETURNED, people["liaison_wenxian"], "")
    approved = claim_in(S.APPROVED, people)
    with pytest.raises(TransitionError, match="请填写意见"):
        transition(approved, S.BUREAU_REVIEW, people["bureau"], "  ")


def test_disbursement_waits_for_publicity_and_needs_date_and_reference(people):
    claim = claim_in(S.APPROVED, people)
    transition(claim, S.PUBLICIZED, people["bureau"], "")
    claim.refresh_from_db()
    assert claim.publicity_until == timezone.localdate() + timedelta(days=claim.policy.publicity_days)
    with pytest.raises(TransitionError, match="公示期满后"):
        transition(claim, S.DISBURSED, people["bureau"], "", dict(DISBURSE))
    Claim.objects.filter(pk=claim.pk).update(publicity_until=timezone.localdate() - timedelta(days=1))
    claim.refresh_from_db()
    with pytest.raises(TransitionError, match="拨付凭证号"):
        transition(claim, S.DISBURSED, people["bureau"], "", {"disbursed_on": DISBURSE["disbursed_on"]})
    transition(claim, S.DISBURSED, people["bureau"], "", dict(DISBURSE))
    claim.refresh_from_db()
    assert claim.disbursement_reference == "财拨〔2025〕0012" and claim.disbursed_on == timezone.localdate()
