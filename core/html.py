"""HTML written in Python for the hot list rows (see talents/views.py, core/library/views.py)."""

from functools import cache
from html import escape

from django.utils.safestring import mark_safe


def html_row(template: str, **cells) -> str:
    """`format_html(template, **cells)` for a table row: every value is escaped exactly as Django's
    escape() does (it is html.escape underneath), values already safe (`__html__`) are kept. Written
    out because format_html's lazy-string checks cost more than the row itself, 20 rows a page."""
    safe = {
        name: value.__html__() if hasattr(value, "__html__") else escape(str(value)) for name, value in cells.items()
    }
    return mark_safe(template.format(**safe))  # noqa: S308 — every value above is escaped


@cache
def choice_labels(model, field_name: str) -> dict:
    """{value: label} of a model field's choices, built once (get_FOO_display() rebuilds it on
    every call, three times a row on a list page)."""
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}
