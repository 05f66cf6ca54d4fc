"""One Bootstrap widget styling for every form and filter form (core/forms.py)."""

from django import forms

from core.forms import BootstrapFormMixin, style_fields


class Sample(BootstrapFormMixin, forms.Form):
    text = forms.CharField()
    kind = forms.ChoiceField(choices=[("a", "甲")])
    agree = forms.BooleanField(required=False)
    pick = forms.ChoiceField(choices=[("a", "甲")], widget=forms.RadioSelect)
    custom = forms.CharField(widget=forms.TextInput(attrs={"class": "my-class"}))


def test_each_widget_gets_its_bootstrap_class_and_own_classes_are_kept():
    fields = Sample().fields
    classes = {name: f.widget.attrs.get("class") for name, f in fields.items()}
    assert classes == {
        "text": "form-control",
        "kind": "form-select",
        "agree": "form-check-input",
        "pick": None,
        "custom": "my-class",
    }


def test_filter_forms_use_the_small_variant():
    fields = {"q": forms.CharField(), "status": forms.ChoiceField(choices=[])}
    style_fields(fields, small=True)
    assert fields["q"].widget.attrs["class"] == "form-control form-control-sm"
    assert fields["status"].widget.attrs["class"] == "form-select form-select-sm"
