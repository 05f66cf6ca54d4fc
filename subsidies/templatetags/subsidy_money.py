from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def money(value):
    """12345.6 → "12,345.60" (元, two places, thousands separated); empty stays "—"."""
    if value in (None, ""):
        return "—"
    try:
        return f"{Decimal(value):,.2f}"
    except (InvalidOperation, ValueError, TypeError):
        return value
