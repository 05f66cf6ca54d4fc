"""Two approvals at the same moment (two tabs, two API calls) approve once — on PostgreSQL."""

import threading

import pytest
from django.db import connection

from core.models import StatusChange
from core.workflow import TransitionError, transition
from subsidies.models import Claim

from .factories import advance, make_claim


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_approve_once(enterprise_user, liaison_wenxian, bureau):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL")
    from tests.factories import make_bureau_user

    second_bureau = make_bureau_user()
    claim = make_claim(enterprise_user, bureau)
    claim = advance(
        claim,
        (enterprise_user, "submitted"),
        (liaison_wenxian, "county_review"),
        (liaison_wenxian, "bureau_review"),
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(user, amount):
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            transition(Claim.objects.get(pk=claim.pk), "approved", user, "同意", {"amount": amount})
            outcomes.append("ok")
        except TransitionError as exc:
            outcomes.append(exc.code)
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=approve, args=(bureau, "90000.00")),
        threading.Thread(target=approve, args=(second_bureau, "80000.00")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["ok", "same_state"]
    assert (
        StatusChange.objects.filter(object_id=str(claim.pk), workflow="subsidy_claim", to_state="approved").count() == 1
    )
    claim.refresh_from_db()
    assert claim.status == "approved" and claim.approved_amount in (90000, 80000)


def _run_together(*calls):
    """Start each call in its own thread at the same moment; return [(result or exception)]."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            outcomes[i] = call()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            outcomes[i] = exc
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_of_one_project_stay_within_the_cumulative_cap(enterprise_user, bureau):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL")
    from datetime import date
    from decimal import Decimal

    from subsidies.services import claim_create

    from .factories import last_year, make_contract, make_payment

    earlier = last_year() - 1
    contract = make_contract(
        enterprise_user,
        transaction_amount="16000000.00",
        signed_on=date(earlier, 1, 10),
        registered_on=date(earlier, 1, 20),
    )
    make_payment(contract, enterprise_user, bureau, amount="8000000.00", paid_on=date(earlier, 3, 15))
    make_payment(contract, enterprise_user, bureau, amount="8000000.00", paid_on=date(last_year(), 3, 15))
    outcomes = _run_together(
        lambda: claim_create(user=enterprise_user, contract=contract, claim_year=earlier),
        lambda: claim_create(user=enterprise_user, contract=contract, claim_year=last_year()),
    )
    assert all(isinstance(o, Claim) for o in outcomes), outcomes
    amounts = sorted(c.computed_amount for c in Claim.objects.filter(contract=contract))
    assert amounts == [Decimal("200000.00"), Decimal("800000.00")]  # 1,000,000 in all, not 1,600,000


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_never_use_more_basis_than_the_transaction_amount(enterprise_user, bureau):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL")
    from datetime import date

    from subsidies.models import PolicyVersion
    from subsidies.services import claim_create

    from .factories import last_year, make_contract, make_payment

    PolicyVersion.objects.update(basis_rule=PolicyVersion.BasisRule.PAID_ALL)
    earlier = last_year() - 1
    contract = make_contract(
        enterprise_user,
        transaction_amount="5000000.00",
        signed_on=date(earlier, 1, 10),
        registered_on=date(earlier, 1, 20),
    )
    make_payment(contract, enterprise_user, bureau, amount="3000000.00", paid_on=date(earlier, 3, 15))
    make_payment(contract, enterprise_user, bureau, amount="2000000.00", paid_on=date(last_year(), 3, 15))
    _run_together(
        lambda: claim_create(user=enterprise_user, contract=contract, claim_year=earlier),
        lambda: claim_create(user=enterprise_user, contract=contract, claim_year=last_year()),
    )
    used = sum(c.basis_amount for c in Claim.objects.filter(contract=contract))
    assert used <= contract.transaction_amount


@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_never_exceed_the_contract_amount(enterprise_user):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL")
    from decimal import Decimal

    from subsidies.models import ContractPayment

    from .factories import make_contract, make_payment

    contract = make_contract(enterprise_user, transaction_amount="1000000.00")
    _run_together(
        lambda: make_payment(contract, enterprise_user, amount="600000.00"),
        lambda: make_payment(contract, enterprise_user, amount="600000.00"),
    )
    paid = sum(p.amount for p in ContractPayment.objects.filter(contract=contract))
    assert paid <= Decimal("1000000.00")
