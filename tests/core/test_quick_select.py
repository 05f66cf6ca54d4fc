"""QuickSelect writes the same HTML (up to whitespace) as Django's template-rendered Select (filter forms use it)."""

import pytest
from django import forms
from django.test.html import parse_html

from core.forms import QuickSelect, quick_select

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", [None, "", "b", ["a"]])
def test_quick_select_html_equals_the_stock_select(value):
    choices = [("", "全部"), ("a", "甲 & <乙>"), ("b", '带"引号"'), ("组", [("c", "丙"), ("d", "丁")])]
    attrs = {"class": "form-select form-select-sm", "id": "id_x", "data-x": "1"}
    stock = forms.Select(attrs=attrs, choices=choices)
    stock.is_required = True
    quick = quick_select(stock)
    assert isinstance(quick, QuickSelect) and quick.is_required
    # The same elements, attributes and text (whitespace between tags aside).
    assert parse_html(quick.render("x", value)) == parse_html(stock.render("x", value))


def test_filter_forms_use_quick_selects():
    from talents.filters import TalentFilter  # noqa: PLC0415

    form = TalentFilter({}).form
    assert isinstance(form.fields["title"].widget, QuickSelect)
    assert isinstance(TalentFilter({}).with_dropdowns().form.fields["county"].widget, QuickSelect)


@pytest.mark.parametrize("value", [None, "", "郑州 & <大学>", '带"引号"'])
@pytest.mark.parametrize("widget_class", [forms.TextInput, forms.NumberInput, forms.DateInput])
def test_quick_input_html_equals_the_stock_input(widget_class, value):
    from core.forms import quick_input  # noqa: PLC0415

    attrs = {"class": "form-control form-control-sm", "placeholder": "关键词", "required": True, "disabled": False}
    stock = widget_class(attrs=attrs)
    quick = quick_input(widget_class(attrs=attrs))
    assert parse_html(quick.render("q", value, attrs={"id": "id_q"})) == parse_html(
        stock.render("q", value, attrs={"id": "id_q"})
    )


def test_filter_forms_use_quick_inputs():
    from talents.filters import TalentFilter  # noqa: PLC0415

    html = str(TalentFilter({"q": "材料<b>"}).form["q"])
    assert 'value="材料&lt;b&gt;"' in html and 'name="q"' in html
