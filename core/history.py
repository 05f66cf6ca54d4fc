"""Readable change history, masked like the record it belongs to.

Two kinds of history are shown on a detail page: the field changes simple-history records
(字段修改) and the workflow's status changes (流程记录). Both pass through here, so both read
in the user's words (field labels, choice labels, money as money, local time to the minute, the
person who acted) and both hide what the record hides from this user (core/masking.py).

`core.acting.acting_as(user)` credits every history row written inside it to `user`. Requests get this from
simple-history's middleware; workflow transitions, services, tasks and imports that act for a
person wrap their writes in it, so a change is never shown as "系统" when someone made it.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from . import masking

HISTORY_TYPES = {"+": "创建", "~": "修改", "-": "删除"}
SYSTEM = "系统"
EMPTY = "（空）"


# ---------------------------------------------------------------------------- values


def display_value(field, value) -> str:
    """One stored value of `field` as a person reads it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(field, ArrayField):
        return "、".join(display_value(field.base_field, v) for v in value) or EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    listed = getattr(field.model, "history_choices", {}).get(field.name)
    if listed is not None and isinstance(value, list | tuple):
        labels = dict(listed)
        return "、".join(str(labels.get(v, v)) for v in value) or EMPTY
    if isinstance(field, models.BooleanField):
        return "是" if value else "否"
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}（已删除）"
    if isinstance(field, models.DecimalField) or isinstance(value, Decimal):
        return format_decimal(field, Decimal(value))
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value) or EMPTY
    return str(value)


def format_decimal(field, value: Decimal) -> str:
    """Money (two places, 元 or 万元 in the label) with thousands separators; rates as a percentage."""
    places = getattr(field, "decimal_places", 2)
    if places == 2:
        return f"{value:,.2f}"
    if "比例" in str(getattr(field, "verbose_name", "")):
        return f"{(value * 100).normalize():f}%"
    return f"{value.normalize():f}"


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _shown(field, value, maskers) -> str:
    if field.name in maskers and value not in (None, ""):
        if isinstance(field, models.ForeignKey):
            return masking.HIDDEN
        return masking.mask_value(maskers[field.name], value)
    return display_value(field, value)


# ---------------------------------------------------------------------------- field changes


@dataclass
class HistoryEntry:
    when: object
    who: object
    action: str
    reason: str
    changes: list[tuple[str, str, str]]


def history_entries(obj, user=None, limit: int = 50) -> list[HistoryEntry]:
    """The field changes of `obj`, newest first, as `user` may see them (no user: all masked)."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    maskers = masking.maskers_for(obj, user) if masking.personal_fields(obj) else {}
    model = type(obj)
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous).changes:
                field = _field(model, change.field)
                if field is None:
                    continue
                changes.append(
                    (str(field.verbose_name), _shown(field, change.old, maskers), _shown(field, change.new, maskers))
                )
        entries.append(
            HistoryEntry(
                when=timezone.localtime(record.history_date),
                who=record.history_user or SYSTEM,
                action=HISTORY_TYPES.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


# ---------------------------------------------------------------------------- status changes


@dataclass
class StatusEntry:
    when: object
    who: object
    from_label: str
    to_label: str
    comment: str
    figures: list[tuple[str, str]]


def status_entries(obj, user=None) -> list[StatusEntry]:
    """The workflow history of `obj`, oldest first, with state labels and labelled figures."""
    from .workflow import history_of, workflow_for

    workflow = workflow_for(obj)
    model = type(obj)
    maskers = masking.maskers_for(obj, user) if masking.personal_fields(obj) else {}
    entries = []
    for change in history_of(obj):
        figures = []
        for key, value in (change.data or {}).items():
            field = _field(model, key)
            if field is None:
                figures.append((key, str(value)))
            else:
                figures.append((str(field.verbose_name), _shown(field, _from_text(field, value), maskers)))
        entries.append(
            StatusEntry(
                when=timezone.localtime(change.created_at),
                who=change.actor or SYSTEM,
                from_label=workflow.label(change.from_state),
                to_label=workflow.label(change.to_state),
                comment=change.comment,
                figures=figures,
            )
        )
    return entries


def _from_text(field, value):
    """Figures are stored as text with the status change; read them back as the field's type."""
    if isinstance(field, models.DecimalField):
        try:
            return Decimal(value)
        except (ArithmeticError, ValueError, TypeError):
            return value
    return value
