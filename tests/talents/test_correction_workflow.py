"""A talent's own correction goes through the workflow: history, and applied only on approval."""

import pytest

from core.workflow import TransitionError, history_of, transition
from talents.models import TalentCorrection
from talents.services import correction_decide

from .factories import make_talent

pytestmark = pytest.mark.django_db
C = TalentCorrection.State


def proposed(talent, **changes):
    return TalentCorrection.objects.create(talent=talent, changes=changes or {"employer": "新单位"})


def test_liaison_approval_applies_the_change_and_writes_history(liaison_wenxian):
    talent = make_talent(employer="旧单位")
    correction = correction_decide(correction=proposed(talent), user=liaison_wenxian, approve=True)
    talent.refresh_from_db()
    correction.refresh_from_db()
    assert talent.employer == "新单位" and talent.is_refresh_due is False
    assert (correction.state, correction.decided_by) == (C.APPROVED, liaison_wenxian)
    [change] = history_of(correction)
    assert (change.workflow, change.from_state, change.to_state, change.actor) == (
        "talent_correction",
        C.PENDING,
        C.APPROVED,
        liaison_wenxian,
    )


def test_rejection_writes_history_and_leaves_the_record_alone(liaison_wenxian):
    talent = make_talent(employer="旧单位")
    correction = correction_decide(correction=proposed(talent), user=liaison_wenxian, approve=False)
    talent.refresh_from_db()
    assert talent.employer == "旧单位"
    assert correction.state == C.REJECTED and correction.decided_by == liaison_wenxian
    assert [(c.from_state, c.to_state) for c in history_of(correction)] == [(C.PENDING, C.REJECTED)]


def test_liaison_of_another_county_may_not_decide(liaison_qinyang):
    talent = make_talent(employer="旧单位")
    with pytest.raises(TransitionError) as exc:
        correction_decide(correction=proposed(talent), user=liaison_qinyang, approve=True)
    assert exc.value.code == "forbidden"
    talent.refresh_from_db()
    assert talent.employer == "旧单位"


def test_invalid_proposed_value_is_refused_in_chinese_and_nothing_changes(liaison_wenxian):
    talent = make_talent(employer="旧单位")
    correction = proposed(talent, employer="新单位", email="not-an-email")
    with pytest.raises(TransitionError, match="更正内容未通过校验"):
        transition(correction, C.APPROVED, liaison_wenxian)
    talent.refresh_from_db()
    correction.refresh_from_db()
    assert talent.employer == "旧单位" and correction.state == C.PENDING and not history_of(correction).exists()


def test_decision_page_reports_a_second_decision(liaison_wenxian, client_as):
    talent = make_talent()
    correction = proposed(talent)
    client = client_as(liaison_wenxian)
    client.post(f"/talents/{talent.pk}/corrections/{correction.pk}/", {"decision": "reject"})
    page = client.post(
        f"/talents/{talent.pk}/corrections/{correction.pk}/", {"decision": "approve"}, follow=True
    ).content.decode()
    assert "最终状态" in page
    talent.refresh_from_db()
    assert talent.employer == "清华大学"
