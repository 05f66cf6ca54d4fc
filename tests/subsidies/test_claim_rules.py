"""Amount rules, self-review, double claims, blacklist, related party, returns keep history."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.models import StatusChange
from core.workflow import TransitionError, transition
from subsidies.models import Claim, ClaimPayment
from subsidies.services import claim_create
from tests.credit.factories import make_blacklist
from tests.factories import UserFactory

from .factories import advance, last_year, make_claim, make_contract, make_payment

pytestmark = pytest.mark.django_db
S = Claim.Status


def to_county_review(claim, owner, liaison):
    return advance(claim, (owner, S.SUBMITTED), (liaison, S.COUNTY_REVIEW))


def test_computed_figures_and_policy_are_stored(enterprise_user, bureau):
    claim = make_claim(enterprise_user, bureau, transaction_amount="1234565.00")
    assert claim.basis_amount == Decimal("1234565.00")
    assert claim.policy.document_number == "焦办〔2020〕23号"
    assert claim.policy_rate == Decimal("0.1000") and claim.policy_cap == Decimal("1000000.00")
    assert claim.computed_amount == Decimal("123456.50") == claim.requested_amount
    assert "焦办〔2020〕23号" in claim.calculation


def test_reviewer_may_lower_amount_and_each_step_records_it(enterprise_user, bureau, liaison_wenxian):
    claim = to_county_review(make_claim(enterprise_user, bureau), enterprise_user, liaison_wenxian)
    transition(claim, S.BUREAU_REVIEW, liaison_wenxian, "核减不合规部分", {"amount": "95000.00"})
    transition(claim, S.APPROVED, bureau, "同意", {"amount": "90000"})
    claim.refresh_from_db()
    assert claim.current_amount == claim.approved_amount == Decimal("90000.00")
    amounts = [
        (c.to_state, c.data["amount"], c.actor_id, c.comment)
        for c in StatusChange.objects.filter(object_id=str(claim.pk), workflow="subsidy_claim")
    ]
    assert amounts == [
        ("submitted", "100000.00", enterprise_user.pk, "同意"),
        ("county_review", "100000.00", liaison_wenxian.pk, "同意"),
        ("bureau_review", "95000.00", liaison_wenxian.pk, "核减不合规部分"),
        ("approved", "90000.00", bureau.pk, "同意"),
    ]


@pytest.mark.parametrize(
    "amount, message",
    [
        ("100000.01", "政策上限"),
        ("2000000", "政策上限"),
        ("0", "必须大于零"),
        ("-5", "不能为负数"),
        ("abc", "必须是数字"),
    ],
)
def test_reviewer_cannot_raise_above_limit_or_give_nonsense(enterprise_user, bureau, liaison_wenxian, amount, message):
    claim = to_county_review(make_claim(enterprise_user, bureau), enterprise_user, liaison_wenxian)
    with pytest.raises(TransitionError, match=message):
        transition(claim, S.BUREAU_REVIEW, liaison_wenxian, "", {"amount": amount})
    claim.refresh_from_db()
    assert claim.status == S.COUNTY_REVIEW and claim.current_amount == Decimal("100000.00")


def test_reviewer_cannot_raise_above_the_amount_at_that_point(enterprise_user, bureau, liaison_wenxian):
    claim = make_claim(enterprise_user, bureau, requested_amount="50000.00")
    claim = to_county_review(claim, enterprise_user, liaison_wenxian)
    with pytest.raises(TransitionError, match="只能核减"):
        transition(claim, S.BUREAU_REVIEW, liaison_wenxian, "", {"amount": "60000.00"})


def test_nobody_reviews_a_claim_of_their_own_organisation(enterprise_user, bureau, liaison_wenxian):
    # A bureau-role account that belongs to the claiming enterprise.
    insider = UserFactory(organisation=enterprise_user.organisation, roles=["enterprise", "bureau"])
    claim = to_county_review(make_claim(enterprise_user, bureau), enterprise_user, liaison_wenxian)
    transition(claim, S.BUREAU_REVIEW, liaison_wenxian, "")
    with pytest.raises(TransitionError, match="本单位"):
        transition(claim, S.APPROVED, insider, "")
    assert S.APPROVED not in [t.target for t in Claim.workflow.available(claim, insider)]
    transition(claim, S.APPROVED, bureau, "")


def test_same_contract_cannot_be_claimed_twice_for_a_year(enterprise_user, bureau):
    claim = make_claim(enterprise_user, bureau)
    with pytest.raises(ValidationError, match="已有申报"):
        claim_create(user=enterprise_user, contract=claim.contract, claim_year=last_year())


def test_database_refuses_a_second_live_claim_and_a_payment_counted_twice(enterprise_user, bureau):
    claim = make_claim(enterprise_user, bureau)
    payment = claim.payments.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(
            number="BZ-DUP",
            enterprise=claim.enterprise,
            contract=claim.contract,
            claim_year=claim.claim_year,
            policy=claim.policy,
            basis_amount=0,
            policy_rate=claim.policy_rate,
            policy_cap=claim.policy_cap,
            computed_amount=0,
            requested_amount=0,
            current_amount=0,
        )
    other = make_claim(enterprise_user, bureau)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimPayment.objects.create(claim=other, payment=payment, amount=payment.amount)


def test_rejected_claim_frees_its_payments_for_a_new_claim(enterprise_user, bureau, liaison_wenxian):
    claim = to_county_review(make_claim(enterprise_user, bureau), enterprise_user, liaison_wenxian)
    transition(claim, S.REJECTED, liaison_wenxian, "材料不实")
    again = claim_create(user=enterprise_user, contract=claim.contract, claim_year=last_year())
    assert again.basis_amount == claim.basis_amount
    # and the rejected claim cannot be reopened while the new one is live
    with pytest.raises(TransitionError, match="已有其他申报"):
        transition(claim, S.COUNTY_REVIEW, bureau, "误驳回")


def test_blacklisted_enterprise_cannot_claim_or_submit(enterprise_user, bureau):
    claim = make_claim(enterprise_user, bureau)
    contract = make_contract(enterprise_user)
    make_payment(contract, enterprise_user, bureau)
    org = enterprise_user.organisation
    make_blacklist(org, reason="虚报技术合同")
    with pytest.raises(ValidationError, match="黑名单"):
        claim_create(user=enterprise_user, contract=contract, claim_year=last_year())
    claim.refresh_from_db()
    with pytest.raises(TransitionError, match="黑名单"):
        transition(claim, S.SUBMITTED, enterprise_user, "")


def test_related_party_and_unregistered_contracts_cannot_claim(enterprise_user, bureau):
    related = make_contract(enterprise_user, is_related_party=True, related_party_declaration="同一实际控制人")
    make_payment(related, enterprise_user, bureau)
    with pytest.raises(ValidationError, match="关联交易"):
        claim_create(user=enterprise_user, contract=related, claim_year=last_year())
    unregistered = make_contract(enterprise_user, registered=False)
    make_payment(unregistered, enterprise_user, bureau)
    with pytest.raises(ValidationError, match="尚未在全国技术合同登记系统登记"):
        claim_create(user=enterprise_user, contract=unregistered, claim_year=last_year())


def test_only_verified_payments_count(enterprise_user, bureau):
    contract = make_contract(enterprise_user)
    make_payment(contract, enterprise_user)  # not verified
    with pytest.raises(ValidationError, match="没有可计入的经核实支付"):
        claim_create(user=enterprise_user, contract=contract, claim_year=last_year())


def test_verified_amount_lower_than_paid_is_the_basis(enterprise_user, bureau):
    contract = make_contract(enterprise_user, transaction_amount="800000.00")
    make_payment(contract, enterprise_user, bureau, verified_amount="700000.00")
    claim = claim_create(user=enterprise_user, contract=contract, claim_year=last_year())
    assert claim.basis_amount == Decimal("700000.00") and claim.computed_amount == Decimal("70000.00")


def test_missing_attachments_block_submission(enterprise_user, bureau):
    claim = make_claim(enterprise_user, bureau, attach=False)
    with pytest.raises(TransitionError, match="技术合同文本、技术合同登记证明、发票、银行转账凭证"):
        transition(claim, S.SUBMITTED, enterprise_user, "")


def test_requested_amount_above_policy_refused(enterprise_user, bureau):
    contract = make_contract(enterprise_user)
    make_payment(contract, enterprise_user, bureau)
    with pytest.raises(ValidationError, match="不能超过政策测算金额"):
        claim_create(user=enterprise_user, contract=contract, claim_year=last_year(), requested_amount="100000.01")


def test_return_and_resubmit_keeps_history(enterprise_user, bureau, liaison_wenxian):
    claim = to_county_review(make_claim(enterprise_user, bureau), enterprise_user, liaison_wenxian)
    transition(claim, S.RETURNED, liaison_wenxian, "登记证明不清晰，请重新上传")
    claim.refresh_from_db()
    assert claim.return_reason == "登记证明不清晰，请重新上传"
    assert claim.can_edit(enterprise_user)
    transition(claim, S.SUBMITTED, enterprise_user, "已重新上传")
    claim.refresh_from_db()
    assert claim.resubmission_count == 1
    states = list(
        StatusChange.objects.filter(object_id=str(claim.pk), workflow="subsidy_claim").values_list(
            "to_state", flat=True
        )
    )
    assert states == ["submitted", "county_review", "returned", "submitted"]


def test_audited_reopen_of_an_approved_claim(enterprise_user, bureau, liaison_wenxian):
    claim = to_county_review(make_claim(enterprise_user, bureau), enterprise_user, liaison_wenxian)
    claim = advance(claim, (liaison_wenxian, S.BUREAU_REVIEW), (bureau, S.APPROVED))
    with pytest.raises(TransitionError):
        transition(claim, S.BUREAU_REVIEW, liaison_wenxian, "更正")
    transition(claim, S.BUREAU_REVIEW, bureau, "批准金额录入错误，更正")
    claim.refresh_from_db()
    assert claim.status == S.BUREAU_REVIEW and claim.approved_amount is None
    reopen = StatusChange.objects.filter(object_id=str(claim.pk), workflow="subsidy_claim").last()
    assert (reopen.from_state, reopen.actor, reopen.comment) == ("approved", bureau, "批准金额录入错误，更正")


def test_hebi_variant_limits_second_claim_in_same_year(enterprise_user, bureau, liaison_wenxian):
    from subsidies.models import PolicyVersion

    PolicyVersion.objects.update(per_enterprise_year_cap=Decimal("150000.00"))
    first = make_claim(enterprise_user, bureau)
    first = to_county_review(first, enterprise_user, liaison_wenxian)
    advance(first, (liaison_wenxian, S.BUREAU_REVIEW), (bureau, S.APPROVED))
    second = make_claim(enterprise_user, bureau)
    assert second.computed_amount == Decimal("50000.00")
    assert "每家企业每年上限" in second.calculation
