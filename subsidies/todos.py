"""The subsidy lines of each role's home to-do list (counted from the queues the links open)."""

from accounts.roles import Role
from core.filters import filtered
from core.registry import todo

from .filters import ClaimFilter, PaymentFilter
from .models import Claim, ContractPayment
from .queues import review_queue_for

S = Claim.Status
RETURNED = {"status": [S.RETURNED.value]}
IN_REVIEW = {"status": [S.SUBMITTED.value, S.COUNTY_REVIEW.value, S.BUREAU_REVIEW.value, S.LEADER_REVIEW.value]}
PENDING_PAYMENTS = {"status": ContractPayment.Status.PENDING.value}


def subsidy_todos(user):
    items = []
    if user.has_role(Role.ENTERPRISE) and user.organisation_id:
        own = Claim.objects.visible_to(user)  # the claim list the links open
        items.append(
            todo(
                "退回补正的补助申报",
                filtered(ClaimFilter, own, user, RETURNED),
                "subsidies:claim_list",
                RETURNED,
                order=30,
            )
        )
        items.append(
            todo(
                "审核中的补助申报",
                filtered(ClaimFilter, own, user, IN_REVIEW),
                "subsidies:claim_list",
                IN_REVIEW,
                order=31,
            )
        )
    if user.is_liaison or user.is_bureau or user.is_leader:
        if user.is_bureau:
            label = "待市级审核的补助申报"
        elif user.is_liaison:
            label = "待县区初审的补助申报"
        else:
            label = "待决策的一事一议申报"
        items.append(todo(label, review_queue_for(user), "subsidies:review_queue", order=32))
    if user.is_bureau:
        payments = ContractPayment.objects.visible_to(user)
        items.append(
            todo(
                "待核实的合同支付",
                filtered(PaymentFilter, payments, user, PENDING_PAYMENTS),
                "subsidies:payment_list",
                PENDING_PAYMENTS,
                order=33,
            )
        )
    return items
