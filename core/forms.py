"""Form helpers shared by every app: one Bootstrap widget styling for forms and filter forms."""

from django import forms

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


class BootstrapFormMixin:
    """Adds Bootstrap classes to every widget of a form (keeps templates short)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self.fields)
