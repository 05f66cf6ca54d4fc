import django_filters
from django import forms


class PortalFilterSet(django_filters.FilterSet):
    """Base FilterSet: Bootstrap widgets for the list pages (API ignores the widgets)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.form.fields.values():
            w = f.widget
            if isinstance(w, forms.Select | forms.NullBooleanSelect):
                w.attrs.setdefault("class", "form-select form-select-sm")
            elif not isinstance(w, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                w.attrs.setdefault("class", "form-control form-control-sm")
