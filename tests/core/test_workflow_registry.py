"""One workflow convention: every app registers its table in ready(); transition() finds it
there; nothing leaves a final state."""

import pytest

from accounts.models import Organisation
from achievements.models import Achievement
from core import workflow as engine
from core.workflow import Transition, TransitionError, Workflow, registered_workflows, transition, workflow_for
from demands.models import Demand
from engagements.models import Engagement
from platforms.models import Platform
from subsidies.models import Claim, ClaimPayment, ContractPayment
from talents.models import Talent, TalentCorrection

REGISTERED = [
    (Talent, "talent"),
    (TalentCorrection, "talent_correction"),
    (Demand, "demand"),
    (Achievement, "achievement"),
    (Engagement, "engagement"),
    (Claim, "subsidy_claim"),
    (ContractPayment, "subsidy_payment"),
    (ClaimPayment, "subsidy_claim_payment"),
    (Organisation, "organisation_verification"),
    (Platform, "platform"),
]


def test_the_registry_holds_every_state_machine():
    registered = {model: wf.name for model, wf in registered_workflows().items()}
    assert dict(REGISTERED).items() <= registered.items()  # new apps add theirs


@pytest.mark.parametrize(("model", "name"), REGISTERED)
def test_every_app_registers_its_table_in_ready(model, name):
    workflow = workflow_for(model)
    assert workflow.name == name
    assert model.workflow is workflow  # the convenience attribute comes from register(), nowhere else
    assert "workflow" not in vars(model) or vars(model)["workflow"] is workflow


@pytest.mark.parametrize(("model", "name"), REGISTERED)
def test_transition_finds_the_table_through_the_registry(monkeypatch, bureau, model, name):
    monkeypatch.delitem(engine._REGISTRY, model)
    with pytest.raises(LookupError, match="no registered workflow"):
        transition(model(), "any", bureau)


@pytest.mark.parametrize(("model", "name"), REGISTERED)
def test_tables_take_states_and_labels_from_the_models_choices(model, name):
    workflow = workflow_for(model)
    field = model._meta.get_field(workflow.state_field)
    states = set(workflow.state_values) if workflow.state_values else {value for value, _ in field.choices}
    for t in workflow.transitions:
        assert set(t.sources()) | {t.target} <= states
    assert set(workflow.final_states) <= states
    for state in states:
        assert workflow.label(state) != state  # a Chinese label from the TextChoices


def test_registering_a_second_table_for_a_model_is_an_error():
    with pytest.raises(ValueError, match="already has"):
        engine.register(Demand, Workflow(name="other", transitions=[]))


def test_a_table_may_not_leave_a_final_state():
    with pytest.raises(ValueError, match="final"):
        Workflow(
            name="broken",
            final_states=frozenset({"done"}),
            transitions=[Transition("done", "open", frozenset({"bureau"}))],
        )


@pytest.mark.django_db
def test_transition_out_of_a_final_state_is_refused_and_no_button_is_offered(bureau):
    from tests.talents.factories import make_talent

    correction = TalentCorrection.objects.create(talent=make_talent(), changes={"employer": "新单位"})
    transition(correction, TalentCorrection.State.REJECTED, bureau)
    assert workflow_for(correction).available(correction, bureau) == []
    with pytest.raises(TransitionError) as exc:
        transition(correction, TalentCorrection.State.APPROVED, bureau)
    assert exc.value.message == "“未采纳”是最终状态，不能再变更。"
    correction.refresh_from_db()
    assert correction.state == TalentCorrection.State.REJECTED
