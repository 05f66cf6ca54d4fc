import copy

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.html import format_html

from accounts.models import ReferenceItem

from .forms import quick_input, quick_select, style_fields
from .inputs import MAX_ID
from .reference import ReferenceChoiceIterator

ALL = "全部"
QUICK_INPUTS = (forms.TextInput, forms.NumberInput, forms.DateInput, forms.EmailInput)
YES_NO = [("", ALL), ("true", "是"), ("false", "否")]


class PortalFilterSet(django_filters.FilterSet):
    """Base FilterSet of every list page, its API and its export.

    On the page every filter reads the same way: an empty choice "全部", yes/no filters as
    全部/是/否, multi-selects as a group of check boxes, Bootstrap widgets. `role_fields` names the
    filters that mean something only to some roles (`{"status": {Role.BUREAU, Role.LIAISON}}`):
    others don't see them on the page (`page_fields`), though a link may still carry them."""

    role_fields: dict = {}

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        """django-filter's own, except that each filter is copied shallowly (`_copy_filter`) instead
        of deep-copied with its choices and widgets, on every list request and API call."""
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: _copy_filter(f) for name, f in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self

    def get_form_class(self):
        """The form class, built and prepared (`_prepare_fields`) once per FilterSet class from its
        declared filters; each request's form copies its fields, as every Django form does, and a
        subclass adjusts that copy. A filter whose queryset depends on the request is built anew."""
        if any(callable(getattr(f, "queryset", None)) for f in self.base_filters.values()):
            form_class = super().get_form_class()
            _prepare_fields(form_class.base_fields)
            return form_class
        form_class = _form_classes.get(type(self))
        if form_class is None:
            # A filter caches its field on itself: build from copies, so that the class's filters
            # (deep-copied into every FilterSet) stay without one.
            fields = {name: copy.copy(f).field for name, f in self.base_filters.items()}
            form_class = type(f"{type(self).__name__}Form", (self._meta.form,), fields)
            _prepare_fields(form_class.base_fields)
            _form_classes[type(self)] = form_class
        return form_class

    def fields_for(self, user) -> list[str]:
        """The filter names `user` sees on the page (a subclass may narrow further)."""
        names = list(self.form.fields)
        if user is None or not user.is_authenticated or user.is_bureau:
            return names
        roles = set(user.roles)
        return [n for n in names if n not in self.role_fields or roles & set(self.role_fields[n])]

    @property
    def page_fields(self):
        """Bound fields for the shared filter form: shown ones, then carried ones (hidden)."""
        user = getattr(self.request, "user", None)
        shown = set(self.fields_for(user))
        visible = [self.form[n] for n in self.form.fields if n in shown and not self.form[n].is_hidden]
        carried = [
            self.form[n]
            for n in self.form.fields
            if (n not in shown or self.form[n].is_hidden) and self.form[n].value() not in (None, "", [])
        ]
        return visible, carried

    @property
    def controls(self) -> dict:
        """What core/_filter_form.html draws, as plain values: each shown filter's kind, label, id
        and ready widget HTML, and the carried ones as (name, value) pairs. Read once per page;
        the template then does dictionary lookups only."""
        visible, carried = self.page_fields
        shown = []
        for bf in visible:
            widget = bf.field.widget
            control = {"name": bf.name, "label": bf.label, "id": bf.id_for_label}
            if getattr(widget, "allow_multiple_selected", False) and getattr(widget, "input_type", "") == "checkbox":
                control["kind"] = "multi"
                control["chosen"] = len(bf.value() or [])
                control["boxes"] = [_box(sub) for sub in bf.subwidgets]
            else:
                control["kind"] = "check" if getattr(widget, "input_type", "") == "checkbox" else "plain"
                control["html"] = str(bf)
            shown.append(control)
        hidden = []
        for bf in carried:
            values = bf.value() if getattr(bf.field.widget, "allow_multiple_selected", False) else [bf.value()]
            hidden.extend((bf.html_name, v) for v in values or [])
        return {"shown": shown, "carried": hidden}


def _copy_filter(filter_):
    """A filter for one FilterSet: its own parent, model and `method` binding; its settings (label,
    lookup, choices, queryset …) shared with the class's filter, which requests only read. The form
    field a filter caches is left out: a request that needs one builds its own."""
    new = copy.copy(filter_)
    new.__dict__.pop("_field", None)
    if new.method is not None:
        new.method = new.method  # a FilterMethod bound to this copy, not to the class's filter
    return new


def _box(sub) -> dict:
    """One check box of a multi-select, as Django's input_option.html draws it (without the label)."""
    data = sub.data
    attrs = dict(data["attrs"])
    value = "" if data["value"] is None else str(data["value"])
    html = format_html('<input type="{}" name="{}" value="{}"{}>', data["type"], data["name"], value, flatatt(attrs))
    return {"html": html, "id": attrs.get("id", ""), "label": data["label"]}


_form_classes: dict = {}  # FilterSet class → its prepared form class


def _prepare_fields(fields) -> None:
    """Chinese defaults, Bootstrap classes, and drop-downs / boxes written without templates; a
    drop-down over a whole reference table (county, industry …) lists the per-process rows."""
    for field in fields.values():
        if _reference_dropdown(field):
            field.iterator = ReferenceChoiceIterator  # the whole table: no query; narrowed: as usual
        _speak_plainly(field)
    style_fields(fields, small=True)
    for field in fields.values():
        if type(field.widget) is forms.Select:  # drop-downs rendered without a template per option
            field.widget = quick_select(field.widget)
        elif type(field.widget) in QUICK_INPUTS:
            quick_input(field.widget)


def _reference_dropdown(field) -> bool:
    single = isinstance(field, forms.ModelChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField)
    return single and not getattr(field, "null_label", None) and issubclass(field.queryset.model, ReferenceItem)


def _speak_plainly(field) -> None:
    """Framework defaults in Chinese: "---------" → 全部, 未知/是/否 → 全部/是/否, check boxes."""
    widget = field.widget
    if isinstance(field, forms.NullBooleanField) and isinstance(widget, forms.NullBooleanSelect):
        field.widget = forms.Select(choices=YES_NO)
    elif isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        if not isinstance(widget, forms.CheckboxSelectMultiple):
            field.widget = forms.CheckboxSelectMultiple(choices=widget.choices)
        field.widget.attrs.setdefault("class", "form-check-input")
    elif hasattr(field, "empty_label"):  # model choices and django-filter's choice fields
        if field.empty_label is not None:
            field.empty_label = ALL
            if hasattr(field, "queryset"):
                field.queryset = field.queryset  # rebuild the widget's choices with the new label
            else:
                field.widget.choices = field.choices
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)
        if choices and choices[0][0] in ("", None):
            field.choices = [("", ALL), *choices[1:]]
    elif isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
        choices = list(widget.choices)
        if choices and choices[0][0] == "" and choices[0][1] != ALL and str(choices[0][1]).strip("-") == "":
            widget.choices = [("", ALL), *choices[1:]]


class IdFilter(django_filters.NumberFilter):
    """A record id in the query string (?owner=12): anything that is not a plausible id is a
    Chinese validation error (400 in the API, ignored on a page), never a database error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class IntegerFilter(django_filters.NumberFilter):
    """A whole number such as a year, within bounds (?claim_year=2025)."""

    field_class = forms.IntegerField

    def __init__(self, *args, min_value=-(2**31), max_value=2**31 - 1, **kwargs):
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)


def filtered(filterset_class, queryset, user, params: dict):
    """`queryset` narrowed by `filterset_class` exactly as a list page does for `?params`.

    The home to-do list counts a filtered queue with this, so its figure equals the list the
    link opens (same base queryset, same FilterSet, same query string)."""
    from types import SimpleNamespace

    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for key, value in params.items():
        data.setlist(key, value if isinstance(value, list | tuple) else [value])
    filterset = filterset_class(data, queryset=queryset, request=SimpleNamespace(user=user, GET=data))
    return filterset.qs if filterset.is_valid() else queryset.none()
