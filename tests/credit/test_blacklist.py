"""The blacklist is answered from credit records: it refuses in every app, names the record,
and lapses by itself when its validity ends."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.workflow import TransitionError, transition
from credit.services import active_blacklist, blacklist_refusal, is_blacklisted
from subsidies.services import claim_create
from tests.demands.factories import make_achievement, make_demand
from tests.subsidies.factories import last_year, make_claim, make_contract, make_payment

from .factories import make_blacklist, make_record

pytestmark = pytest.mark.django_db

REASON = "伪造技术合同骗取补助"
DOCUMENT = "焦科〔2026〕99号"


def assert_names_record(message: str):
    assert "黑名单" in message
    assert REASON in message and DOCUMENT in message
    assert "有效期" in message


def test_is_blacklisted_follows_the_validity_dates(enterprise_user):
    org = enterprise_user.organisation
    today = timezone.localdate()
    record = make_blacklist(org, days_ago=10, days_left=5)
    assert is_blacklisted(org)
    assert active_blacklist(org) == record
    assert is_blacklisted(org, on=today + dt.timedelta(days=5))  # the last day still counts
    assert not is_blacklisted(org, on=today + dt.timedelta(days=6))
    assert not is_blacklisted(org, on=today - dt.timedelta(days=11))  # before it began


def test_open_ended_blacklist_never_lapses(enterprise_user):
    org = enterprise_user.organisation
    make_blacklist(org, days_left=None)
    assert is_blacklisted(org, on=timezone.localdate() + dt.timedelta(days=3650))


def test_good_and_bad_records_do_not_blacklist(enterprise_user):
    org = enterprise_user.organisation
    make_record(org, kind="good")
    make_record(org, kind="bad")
    assert not is_blacklisted(org)
    assert not is_blacklisted(None)


def test_message_names_reason_document_and_validity(enterprise_user):
    org = enterprise_user.organisation
    make_blacklist(org, reason=REASON, source_document=DOCUMENT, days_left=None)
    message = blacklist_refusal(org, "发布需求")
    assert_names_record(message)
    assert "长期" in message and org.name in message and "不能发布需求" in message


def test_demand_refused_then_allowed_after_lapse(enterprise_user, bureau):
    org = enterprise_user.organisation
    record = make_blacklist(org, reason=REASON, source_document=DOCUMENT, days_left=30)
    demand = make_demand(org)
    with pytest.raises(TransitionError) as exc:
        transition(demand, "pending_review", enterprise_user)
    assert_names_record(exc.value.message)
    # The bureau ends the validity yesterday: the unit may publish again, no job needed.
    record.valid_until = timezone.localdate() - dt.timedelta(days=1)
    record.save()
    transition(demand, "pending_review", enterprise_user)
    transition(demand, "published", bureau)
    assert demand.status == "published"


def test_achievement_refused_while_blacklisted(institute_user, bureau):
    org = institute_user.organisation
    make_blacklist(org, reason=REASON, source_document=DOCUMENT)
    achievement = make_achievement(org)
    with pytest.raises(TransitionError) as exc:
        transition(achievement, "pending_review", institute_user)
    assert_names_record(exc.value.message)
    with pytest.raises(TransitionError) as exc:
        transition(achievement, "published", bureau)
    assert_names_record(exc.value.message)


def test_expired_blacklist_lets_achievement_publish(institute_user, bureau):
    org = institute_user.organisation
    make_blacklist(org, days_ago=400, days_left=-1)
    achievement = make_achievement(org)
    transition(achievement, "published", bureau)
    assert achievement.status == "published"


def test_contract_recording_refused(enterprise_user):
    make_blacklist(enterprise_user.organisation, reason=REASON, source_document=DOCUMENT)
    with pytest.raises(ValidationError) as exc:
        make_contract(enterprise_user)
    assert_names_record(exc.value.message_dict["buyer"][0])
    assert "登记技术合同" in exc.value.message_dict["buyer"][0]


def test_subsidy_claim_refused_and_submit_refused(enterprise_user, bureau):
    claim = make_claim(enterprise_user, bureau)
    contract = make_contract(enterprise_user)
    make_payment(contract, enterprise_user, bureau)
    make_blacklist(enterprise_user.organisation, reason=REASON, source_document=DOCUMENT)
    with pytest.raises(ValidationError) as exc:
        claim_create(user=enterprise_user, contract=contract, claim_year=last_year())
    assert_names_record(" ".join(exc.value.messages))
    claim.refresh_from_db()
    with pytest.raises(TransitionError) as exc:
        transition(claim, "submitted", enterprise_user, "")
    assert_names_record(exc.value.message)


def test_subsidy_claim_allowed_when_blacklist_lapsed(enterprise_user, bureau):
    contract = make_contract(enterprise_user)
    make_payment(contract, enterprise_user, bureau)
    make_blacklist(enterprise_user.organisation, days_ago=800, days_left=-30)
    claim = claim_create(user=enterprise_user, contract=contract, claim_year=last_year())
    assert claim.pk


def test_future_blacklist_does_not_refuse_today(enterprise_user):
    org = enterprise_user.organisation
    make_blacklist(org, days_ago=-10)
    assert not is_blacklisted(org)
    assert is_blacklisted(org, on=timezone.localdate() + dt.timedelta(days=10))


def test_blacklisted_after_filing_is_not_approved_until_it_lapses(enterprise_user, liaison_wenxian, bureau):
    from subsidies.models import Claim
    from tests.subsidies.factories import advance

    S = Claim.Status
    claim = advance(
        make_claim(enterprise_user, bureau),
        (enterprise_user, S.SUBMITTED),
        (liaison_wenxian, S.COUNTY_REVIEW),
        (liaison_wenxian, S.BUREAU_REVIEW),
    )
    record = make_blacklist(enterprise_user.organisation, reason=REASON, source_document=DOCUMENT, days_left=10)
    with pytest.raises(TransitionError) as exc:
        transition(claim, S.APPROVED, bureau, "同意")
    assert_names_record(exc.value.message)
    # Returning or rejecting stays possible; approval comes back once the validity has ended.
    record.valid_until = timezone.localdate() - dt.timedelta(days=1)
    record.save()
    transition(claim, S.APPROVED, bureau, "同意")
    assert claim.status == S.APPROVED


def test_engagement_signing_refuses_a_blacklisted_buyer(enterprise_user, institute_user, bureau):
    from engagements.services import engagement_open

    demand = make_demand(enterprise_user.organisation, status="published")
    achievement = make_achievement(institute_user.organisation, status="published")
    engagement = engagement_open(user=bureau, demand=demand, achievement=achievement)
    transition(engagement, "negotiating", bureau)
    make_blacklist(enterprise_user.organisation, reason=REASON, source_document=DOCUMENT)
    data = {"registration_number": "2026410800000123", "contract_amount": "500000", "transaction_amount": "500000"}
    with pytest.raises(TransitionError) as exc:
        transition(engagement, "signed", bureau, "", data)
    assert_names_record(exc.value.message)
