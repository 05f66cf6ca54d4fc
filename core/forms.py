"""Form helpers shared by every app: one Bootstrap widget styling for forms and filter forms."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
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
    more than the table's rows. Used for every drop-down of a filter form (core.filters)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts.extend(
                format_html('<option value="{}"{}>{}</option>', o["value"], flatatt(o["attrs"]), o["label"])
                for o in options
            )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 — every part above is escaped by format_html


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
