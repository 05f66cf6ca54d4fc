"""Masking of personal data for users who may not see it in full — one rule per record.

A model that holds personal data declares it once::

    personal_fields = PersonalFields(
        {"contact_name": mask_text, "contact_phone": mask_phone, "contact_email": mask_email},
        visible_to="contact_visible_to",
    )

`visible_to` names the model's own method `(user) -> bool` that says who sees the values in full.
Every way a record is shown asks the same declaration: the detail page and its change history
(core/history.py), and anything else built on `mask_values()`. A value is masked unless that
method says yes for this user — with no user at all, everything declared is masked.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


def mask_phone(value: str) -> str:
    value = value or ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_email(value: str) -> str:
    if not value or "@" not in value:
        return "*" * len(value or "")
    name, domain = value.split("@", 1)
    return (name[:1] + "***@" + domain) if name else "***@" + domain


def mask_text(value: str, keep: int = 1) -> str:
    value = value or ""
    return value[:keep] + "*" * max(len(value) - keep, 0)


HIDDEN = "（已隐去）"


def hide(value) -> str:
    """For values that are not shown in any form (e.g. which talent an engagement is about)."""
    return HIDDEN


@dataclass(frozen=True)
class PersonalFields:
    """Which fields of a model are personal, how each is masked, and who sees them in full."""

    maskers: dict[str, Callable[[str], str]] = field(default_factory=dict)
    visible_to: str = "contact_visible_to"

    def visible(self, obj, user) -> bool:
        if user is None or not getattr(user, "is_authenticated", False):
            return False
        return bool(getattr(obj, self.visible_to)(user))


def personal_fields(model_or_obj) -> PersonalFields | None:
    return getattr(model_or_obj, "personal_fields", None)


def maskers_for(obj, user) -> dict[str, Callable]:
    """The maskers to apply when `user` looks at `obj`: none when the user may see it all."""
    rule = personal_fields(obj)
    if rule is None or rule.visible(obj, user):
        return {}
    return rule.maskers


def mask_value(masker: Callable, value):
    if value in (None, ""):
        return value
    return masker(str(value))


def mask_values(obj, user, values: dict) -> dict:
    """A copy of `values` (field name → value of `obj`) with what `user` may not see masked."""
    maskers = maskers_for(obj, user)
    return {name: mask_value(maskers[name], v) if name in maskers else v for name, v in values.items()}
