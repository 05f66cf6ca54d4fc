from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

register = template.Library()

YI = Decimal(100_000_000)
WAN = Decimal(10_000)


@register.filter
def figure(value, unit=""):
    """A dashboard number for reading: money in 万元/亿元, counts with thousands separators."""
    if value is None or value == "":
        return "—"
    if unit == "元":
        amount = Decimal(str(value))
        if abs(amount) >= YI:
            return f"{amount / YI:,.2f} 亿元"
        if abs(amount) >= WAN:
            return f"{amount / WAN:,.2f} 万元"
        return f"{amount:,.2f} 元"
    return f"{intcomma(value)}{(' ' + unit) if unit else ''}"


@register.filter
def percent(ratio):
    if ratio is None:
        return "—"
    return f"{Decimal(str(ratio)) * 100:.1f}%"


@register.filter
def bar_width(ratio):
    """Progress-bar width (0–100) for a completion ratio."""
    if ratio is None:
        return 0
    return max(0, min(100, round(float(ratio) * 100)))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def index_of(sequence, position):
    try:
        return sequence[position]
    except (IndexError, TypeError):
        return None
