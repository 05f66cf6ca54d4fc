"""Form helpers shared by every app: one Bootstrap widget styling for forms and filter forms."""

from functools import cache, lru_cache

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe

# Widgets that render their own list of inputs: Bootstrap styles their items in the template.
UNSTYLED = (forms.CheckboxSelectMultiple, forms.RadioSelect)


def style_fields(fields, *, small: bool = False) -> None:
    """Give every widget its Bootstrap class (kept if the form set one already)."""
    size = " form-select-sm" if small else ""
    for field in fields.values():
        widget = field.widget
        if isinstance(widget, UNSTYLED):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select" + size)
        else:
            widget.attrs.setdefault("class", "form-control" + size.replace("select", "control"))


class QuickSelect(forms.Select):
    """forms.Select with the same HTML, written in Python: the stock widget renders a template
    per option (select.html → option.html → attrs.html), which on a list page's filter form cost
    more than the table's rows. Each option's escaped markup is built once per process (the
    choices are reference data), so a drop-down costs a join. Used for every drop-down of a
    filter form (core.filters)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        parts = [f'<select name="{escape(name)}"{quick_flatatt(self.build_attrs(self.attrs, attrs))}>']
        state = {"free": True}  # a single select marks only its first matching option, as Django does
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                parts.append(format_html('<optgroup label="{}">', option_value))
                parts.extend(self._option(v, sub, chosen, state) for v, sub in label)
                parts.append("</optgroup>")
            else:
                parts.append(self._option(option_value, label, chosen, state))
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 — every part is escaped (format_html, _option_markup)

    def _option(self, value, label, chosen, state) -> str:
        value = "" if value is None else str(value)
        head, tail = _option_markup(value, str(label))
        if value in chosen and (state["free"] or self.allow_multiple_selected):
            state["free"] = False
            return head + " selected" + tail
        return head + tail


def quick_input(widget: forms.widgets.Input) -> forms.widgets.Input:
    """The same text/number/date box, written in Python instead of two templates (input.html →
    attrs.html); filter forms use it for their search and date fields."""
    widget.__class__ = _quick_class(type(widget))
    return widget


@cache
def _quick_class(widget_class: type) -> type:
    return type(f"Quick{widget_class.__name__}", (QuickInputMixin, widget_class), {})


class QuickInputMixin:
    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        shown = "" if value is None else f' value="{conditional_escape(value)}"'
        final = quick_flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<input type="{escape(self.input_type)}" name="{escape(name)}"{shown}{final}>')  # noqa: S308 — escaped


def quick_flatatt(attrs: dict) -> str:
    """flatatt(attrs), built once per distinct set of attributes (a filter form draws the same
    few on every request; flatatt's lazy-string checks cost more than the drop-down's options)."""
    try:
        return _flatatt(tuple(attrs.items()))
    except TypeError:  # an unhashable value: as Django does it
        return flatatt(attrs)


@lru_cache(maxsize=4096)
def _flatatt(items: tuple) -> str:
    return flatatt(dict(items))


@lru_cache(maxsize=8192)
def _option_markup(value: str, label: str) -> tuple[str, str]:
    return f'<option value="{escape(value)}"', f">{escape(label)}</option>"


def quick_select(widget: forms.Select) -> QuickSelect:
    """The same drop-down (choices, attributes, required) as a QuickSelect."""
    quick = QuickSelect(attrs=widget.attrs, choices=widget.choices)
    quick.is_required = widget.is_required
    return quick


class BootstrapFormMixin:
    """Adds Bootstrap classes to every widget of a form (keeps templates short)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self.fields)
