"""core.html.html_row escapes exactly as format_html does."""

import pytest
from django.utils.html import format_html
from django.utils.safestring import mark_safe

ROW = '<tr><td><a href="{url}">{title}</a></td><td>{note}</td><td>{n}</td></tr>'


@pytest.mark.parametrize(
    "cells",
    [
        {"url": "/x/1/", "title": '<script>alert("x")</script>', "note": "a & b 'c'", "n": 3},
        {"url": '/x/"onmouseover=1', "title": "中文 <b>", "note": mark_safe("<i>已安全</i>"), "n": None},
    ],
)
def test_html_row_equals_format_html(cells):
    from core.html import html_row  # noqa: PLC0415

    assert html_row(ROW, **cells) == format_html(ROW, **cells)
    assert "<script>" not in html_row(ROW, **cells)


@pytest.mark.parametrize("text", ["", "短文本", "x" * 30, "y" * 31, "e\u0301" * 20, "研究领域" * 10, "<b>&</b>"])
def test_truncate_equals_truncator(text):
    from django.utils.text import Truncator  # noqa: PLC0415

    from core.html import truncate  # noqa: PLC0415

    assert truncate(text, 30) == Truncator(text).chars(30)
