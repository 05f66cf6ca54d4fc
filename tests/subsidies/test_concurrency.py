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
