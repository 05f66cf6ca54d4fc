"""The workflow engine on its own: the table decides, every change leaves a history row.

A throwaway workflow is registered for Organisation (its `kind` standing in for a state) so
the engine is tested without any domain app.
"""

import pytest

from accounts.models import Organisation
from core import workflow as engine
from core.models import StatusChange
from core.workflow import Transition, TransitionError, Workflow, history_of, transition, transition_many
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

calls = []

WORKFLOW = Workflow(
    name="test",
    state_field="kind",
    labels={"enterprise": "企业", "institute": "院所", "city_department": "市直部门"},
    transitions=[
        Transition("enterprise", "institute", frozenset({"bureau"}), label="改为院所"),
        Transition(
            "institute",
            "city_department",
            frozenset({"bureau", "owner"}),
            comment_required=True,
            check=lambda obj, user, data: None if data.get("ok") else "条件不满足",
        ),
    ],
    roles_of=lambda obj, user: {"owner"} if user.organisation_id == obj.pk else set(),
    after=lambda obj, change: calls.append((obj.pk, change.to_state)),
)


@pytest.fixture(autouse=True)
def attach_workflow(monkeypatch):
    monkeypatch.setitem(engine._REGISTRY, Organisation, WORKFLOW)
    calls.clear()


def test_allowed_transition_changes_state_and_writes_history(bureau, django_capture_on_commit_callbacks):
    org = OrganisationFactory(kind="enterprise")
    with django_capture_on_commit_callbacks(execute=True):
        change = transition(org, "institute", bureau, "核实为院所")
    org.refresh_from_db()
    assert org.kind == "institute"
    assert (change.from_state, change.to_state, change.actor, change.comment) == (
        "enterprise",
        "institute",
        bureau,
        "核实为院所",
    )
    assert list(history_of(org)) == [change]
    assert calls == [(org.pk, "institute")]


def test_role_not_in_table_is_refused_and_nothing_changes(liaison_wenxian):
    org = OrganisationFactory(kind="enterprise")
    with pytest.raises(TransitionError) as exc:
        transition(org, "institute", liaison_wenxian)
    assert exc.value.code == "forbidden"
    org.refresh_from_db()
    assert org.kind == "enterprise" and StatusChange.objects.count() == 0


def test_transition_not_in_table_is_refused_with_chinese_labels(bureau):
    org = OrganisationFactory(kind="enterprise")
    with pytest.raises(TransitionError) as exc:
        transition(org, "city_department", bureau, "x", {"ok": True})
    assert exc.value.message == "不能从“企业”变更为“市直部门”。"


def test_object_role_comment_and_condition_are_checked(bureau):
    org = OrganisationFactory(kind="institute", uscc=None)
    owner = type(bureau).objects.create(username="owner", organisation=org)
    with pytest.raises(TransitionError) as exc:
        transition(org, "city_department", owner, "", {"ok": True})
    assert exc.value.code == "comment_required"
    with pytest.raises(TransitionError) as exc:
        transition(org, "city_department", owner, "理由", {})
    assert exc.value.message == "条件不满足"
    transition(org, "city_department", owner, "理由", {"ok": True})
    org.refresh_from_db()
    assert org.kind == "city_department"


def test_same_state_twice_is_refused_so_double_clicks_act_once(bureau):
    org = OrganisationFactory(kind="enterprise")
    stale_copy = Organisation.objects.get(pk=org.pk)
    transition(org, "institute", bureau)
    with pytest.raises(TransitionError) as exc:
        transition(stale_copy, "institute", bureau)  # the row is re-read under lock
    assert exc.value.code == "same_state"
    assert StatusChange.objects.count() == 1


def test_available_lists_only_what_the_user_may_do(bureau, liaison_wenxian):
    org = OrganisationFactory(kind="enterprise")
    assert [t.target for t in WORKFLOW.available(org, bureau)] == ["institute"]
    assert WORKFLOW.available(org, liaison_wenxian) == []


def test_batch_goes_through_the_same_checks(bureau):
    a = OrganisationFactory(kind="enterprise")
    b = OrganisationFactory(kind="institute", uscc=None)
    done, failed = transition_many([a, b], "institute", bureau)
    assert len(done) == 1 and failed[0][0] == b
