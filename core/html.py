"""HTML written in Python for the hot list rows (see talents/views.py, core/library/views.py)."""

import re
import unicodedata
from functools import cache
from html import escape

from django.utils.safestring import mark_safe
from django.utils.text import Truncator

_SPECIAL = re.compile("[&<>\"']")


def html_row(template: str, **cells) -> str:
    """`format_html(template, **cells)` for a table row: every value is escaped exactly as Django's
    escape() does (it is html.escape underneath), values already safe (`__html__`) are kept. Written
    out because format_html's lazy-string checks cost more than the row itself, 20 rows a page."""
    safe = {
        name: value.__html__() if hasattr(value, "__html__") else _escape(str(value)) for name, value in cells.items()
    }
    return mark_safe(template.format(**safe))  # noqa: S308 — every value above is escaped


def _escape(text: str) -> str:
    """html.escape(text), skipped when there is nothing to escape (most names and titles)."""
    return escape(text) if _SPECIAL.search(text) else text


def truncate(text: str, length: int) -> str:
    """`Truncator(text).chars(length)`, without its work for the many texts already short enough."""
    if len(text) <= length:
        return unicodedata.normalize("NFC", text)  # as Truncator returns an untruncated text
    return Truncator(text).chars(length)


@cache
def choice_labels(model, field_name: str) -> dict:
    """{value: label} of a model field's choices, built once (get_FOO_display() rebuilds it on
    every call, three times a row on a list page)."""
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}
