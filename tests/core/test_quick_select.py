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
