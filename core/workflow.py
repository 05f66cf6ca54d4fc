"""The one state-machine mechanism of the portal.

A workflow is data: a list of `Transition(source, target, roles, ...)`. `transition()` is the
only way a state changes: it locks the row, checks the table (state, role, condition,
comment), applies the change, writes a `StatusChange` row and notifies. Pages, API, batch
actions and tasks all call it, so none can skip a check. Meaning never comes from a state's
Chinese label: workflows name their final states explicitly, and nothing leaves a final state.

Each app keeps its table in `<app>/workflow.py` (states and labels from the model's
`TextChoices`, roles from `accounts.roles.Role` plus the workflow's object roles) and registers
it in its AppConfig.ready(): `register(Model, WORKFLOW)`. `workflow_for(obj)` finds it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from accounts.roles import Role

from .models import StatusChange


class TransitionError(Exception):
    """A refused transition; `message` is shown to the user as is (Chinese)."""

    def __init__(self, message: str, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


ANY = "*"


@dataclass(frozen=True)
class Transition:
    source: tuple[str, ...] | str
    target: str
    roles: frozenset[str]
    label: str = ""
    comment_required: bool = False
    # check(obj, user, data) -> error message or None; evaluated after roles.
    check: Callable | None = None
    # apply(obj, user, data): extra field changes before save (e.g. record the approved amount).
    # Both see the request's extra data plus data["comment"] (the transition's comment).
    apply: Callable | None = None

    def sources(self) -> tuple[str, ...]:
        return (self.source,) if isinstance(self.source, str) else tuple(self.source)


@dataclass
class Workflow:
    name: str
    transitions: list[Transition]
    # States nothing leaves (the table may not have a transition out of one; transition()
    # refuses; the UI shows no buttons there).
    final_states: frozenset[str] = frozenset()
    state_field: str = "status"
    # For a boolean state field: state name -> stored value, e.g. {"active": True, "inactive": False}.
    state_values: dict | None = None
    # roles_of(obj, user) -> set of role names the user holds *for this object*; lets a
    # workflow add object roles such as "owner" to the user's global roles.
    roles_of: Callable | None = None
    # after(obj, change): called on commit, e.g. to notify the owner.
    after: Callable | None = None
    labels: dict = field(default_factory=dict)

    def __post_init__(self):
        for t in self.transitions:
            leaving = set(self.final_states) if ANY in t.sources() else set(self.final_states) & set(t.sources())
            if leaving - {t.target}:
                raise ValueError(f"workflow {self.name}: a transition leaves the final state(s) {sorted(leaving)}")

    def state_of(self, obj) -> str:
        value = getattr(obj, self.state_field)
        if self.state_values is not None:
            return next(state for state, stored in self.state_values.items() if stored == value)
        return value

    def set_state(self, obj, state: str) -> None:
        setattr(obj, self.state_field, state if self.state_values is None else self.state_values[state])

    def is_final(self, state: str) -> bool:
        return state in self.final_states

    def user_roles(self, obj, user) -> set[str]:
        roles = set(user.roles) if user.is_authenticated else set()
        if user.is_superuser:
            roles.add(Role.BUREAU)
        if self.roles_of is not None:
            roles |= set(self.roles_of(obj, user))
        return roles

    def find(self, source: str, target: str) -> Transition | None:
        for t in self.transitions:
            if t.target == target and (ANY in t.sources() or source in t.sources()):
                return t
        return None

    def targets_from(self, source: str) -> list[str]:
        return [t.target for t in self.transitions if ANY in t.sources() or source in t.sources()]

    def available(self, obj, user) -> list[Transition]:
        """Transitions this user may take now (for buttons): role and condition both pass."""
        state = self.state_of(obj)
        if self.is_final(state):
            return []
        roles = self.user_roles(obj, user)
        result = []
        for t in self.transitions:
            if not (ANY in t.sources() or state in t.sources()):
                continue
            if not roles.intersection(t.roles):
                continue
            if t.check is not None and t.check(obj, user, {}) is not None:
                continue
            result.append(t)
        return result

    def label(self, state: str) -> str:
        return self.labels.get(state, state)


_REGISTRY: dict[type, Workflow] = {}


def register(model, workflow: Workflow) -> None:
    """Attach `workflow` to `model` (called from the app's AppConfig.ready()).

    Also sets `model.workflow`, a read-only convenience for templates and views."""
    registered = _REGISTRY.get(model)
    if registered is not None and registered is not workflow:
        raise ValueError(f"{model.__name__} already has the workflow {registered.name}")
    _REGISTRY[model] = workflow
    model.workflow = workflow


def workflow_for(obj_or_model) -> Workflow:
    """The registered workflow of a model instance or class (LookupError if it has none)."""
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    for klass in model.__mro__:  # a proxy or subclass uses its parent's table
        if klass in _REGISTRY:
            return _REGISTRY[klass]
    raise LookupError(f"{model.__name__} has no registered workflow")


def registered_workflows() -> dict[type, Workflow]:
    return dict(_REGISTRY)


def _checked_rule(workflow: "Workflow", obj, to: str, user, data: dict) -> Transition:
    """The rule that lets `user` move `obj` (as it is now) to `to`, or TransitionError."""
    source = workflow.state_of(obj)
    if source == to:
        raise TransitionError(f"当前已是“{workflow.label(to)}”状态，无需重复操作。", code="same_state")
    if workflow.is_final(source):
        raise TransitionError(f"“{workflow.label(source)}”是最终状态，不能再变更。", code="not_allowed")
    rule = workflow.find(source, to)
    if rule is None:
        raise TransitionError(f"不能从“{workflow.label(source)}”变更为“{workflow.label(to)}”。", code="not_allowed")
    if not workflow.user_roles(obj, user).intersection(rule.roles):
        raise TransitionError("您没有执行此操作的权限。", code="forbidden")
    if rule.comment_required and not data.get("comment"):
        raise TransitionError("请填写意见或原因。", code="comment_required")
    if rule.check is not None:
        error = rule.check(obj, user, data)
        if error:
            raise TransitionError(error, code="condition")
    return rule


def refusal(obj, to: str, user, comment: str = "", data: dict | None = None) -> TransitionError | None:
    """Why `transition(obj, to, user, comment)` would be refused now, without writing anything
    (None if it would pass). The import's dry run asks this about rows not yet saved."""
    data = {**(data or {}), "comment": (comment or "").strip()}
    try:
        _checked_rule(workflow_for(obj), obj, to, user, data)
    except TransitionError as exc:
        return exc
    return None


def transition(obj, to: str, user, comment: str = "", data: dict | None = None) -> StatusChange:
    """Move `obj` to state `to` as `user`. Raises TransitionError with a Chinese message."""
    workflow = workflow_for(obj)
    data = dict(data or {})
    comment = (comment or "").strip()
    with transaction.atomic():
        # Lock the row and read the current state again: two approvals at once approve once.
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        source = workflow.state_of(locked)
        data["comment"] = comment
        rule = _checked_rule(workflow, locked, to, user, data)
        workflow.set_state(locked, to)
        if rule.apply is not None:
            rule.apply(locked, user, data)  # may add figures to data, stored with the change
        locked._change_reason = f"{workflow.label(source)} → {workflow.label(to)}"
        locked.save()
        change = StatusChange.objects.create(
            content_type=ContentType.objects.get_for_model(locked),
            object_id=str(locked.pk),
            workflow=workflow.name,
            from_state=source,
            to_state=to,
            actor=user if user.is_authenticated else None,
            comment=comment,
            data={k: str(v) for k, v in data.items() if v is not None and k != "comment"},
        )
        if workflow.after is not None:
            transaction.on_commit(lambda: workflow.after(locked, change))
    # Keep the caller's instance in step with the database.
    for f in locked._meta.concrete_fields:
        setattr(obj, f.attname, getattr(locked, f.attname))
    return change


def transition_many(objs: Iterable, to: str, user, comment: str = "") -> tuple[list, list[tuple[object, str]]]:
    """Batch action: each object goes through `transition`; returns (done, [(obj, error)])."""
    done, failed = [], []
    for obj in objs:
        try:
            done.append(transition(obj, to, user, comment))
        except TransitionError as exc:
            failed.append((obj, exc.message))
    return done, failed


def transition_bulk(objs: Iterable, to: str, user, comment: str = "") -> list[StatusChange]:
    """Move many records of one model to `to` at once, with the same checks, history and
    notifications as `transition` but a few queries per batch instead of several per record
    (the Excel import of thousands of rows). All or nothing: the first refusal raises
    TransitionError with `.obj` set to the refused record, and the caller's transaction is
    rolled back. Rows changed this way send no post_save: the caller tells listeners (the
    import sends `core.importing.records_imported`)."""
    objs = list(objs)
    if not objs:
        return []
    model = type(objs[0])
    workflow: Workflow = workflow_for(model)
    comment = (comment or "").strip()
    changes, moved = [], []
    with transaction.atomic():
        ids = [o.pk for o in objs]
        locked = {}
        for start in range(0, len(ids), 1000):
            rows = model._default_manager.select_for_update().filter(pk__in=ids[start : start + 1000])
            locked.update((row.pk, row) for row in rows)
        content_type = ContentType.objects.get_for_model(model)
        applies = False
        for obj in objs:
            row = locked[obj.pk]
            data = {"comment": comment}
            try:
                rule = _checked_rule(workflow, row, to, user, data)
            except TransitionError as exc:
                exc.obj = obj
                raise
            source = workflow.state_of(row)
            workflow.set_state(row, to)
            if rule.apply is not None:
                rule.apply(row, user, data)
                applies = True
            row._change_reason = f"{workflow.label(source)} → {workflow.label(to)}"
            moved.append(row)
            changes.append(
                StatusChange(
                    content_type=content_type,
                    object_id=str(row.pk),
                    workflow=workflow.name,
                    from_state=source,
                    to_state=to,
                    actor=user if user.is_authenticated else None,
                    comment=comment,
                    data={k: str(v) for k, v in data.items() if v is not None and k != "comment"},
                )
            )
        manager = model._default_manager
        if applies:  # rules changed other fields too: write every field of every row
            fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]
            manager.bulk_update(moved, fields, batch_size=500)
        else:  # only the state: one UPDATE per batch
            stored = to if workflow.state_values is None else workflow.state_values[to]
            for start in range(0, len(ids), 500):
                manager.filter(pk__in=ids[start : start + 500]).update(**{workflow.state_field: stored})
        if hasattr(model._meta, "simple_history_manager_attribute"):
            getattr(model, model._meta.simple_history_manager_attribute).bulk_history_create(
                moved, update=True, default_user=user
            )
        changes = StatusChange.objects.bulk_create(changes, batch_size=1000)
        if workflow.after is not None:
            pairs = list(zip(moved, changes, strict=True))
            transaction.on_commit(lambda: [workflow.after(row, change) for row, change in pairs])
    for obj in objs:  # keep the caller's instances in step with the database
        row = locked[obj.pk]
        for f in model._meta.concrete_fields:
            setattr(obj, f.attname, getattr(row, f.attname))
    return changes


def history_of(obj):
    """Status history rows of an object, oldest first."""
    return StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")
