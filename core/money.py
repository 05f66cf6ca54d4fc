"""One rule for amounts people type: plain decimal digits, never scientific notation.

Django and DRF decimal fields, `Decimal()` itself and openpyxl all accept "1e5" (and "1E+309"
becomes a huge number before any limit applies). Money in the portal is typed or imported by
people, who never mean an exponent, so it is refused wherever a decimal is read: core/apps.py
adds `no_exponent` to every Django form DecimalField and makes `StrictDecimalField` the API field
of every model DecimalField; the parsers of the subsidy rules and the Excel import check it too (core.inputs.has_exponent, the one test). NaN/Infinity and too many digits are refused by
the fields' own checks (max_digits) and by those parsers.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from rest_framework import serializers

from .inputs import has_exponent

EXPONENT_MESSAGE = "请填写普通数字（不支持科学计数法，如 1e5）。"


def no_exponent(value) -> None:
    """A field validator (Django form fields: they validate the Decimal as parsed)."""
    if has_exponent(value):
        raise ValidationError(EXPONENT_MESSAGE, code="exponent")


class StrictDecimalField(serializers.DecimalField):
    """DRF's DecimalField quantizes before its validators run (1E+5 → 100000.00), so the check
    comes first here. core/apps.py makes it the field every ModelSerializer uses for a model
    DecimalField; declare it instead of serializers.DecimalField for other money inputs."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "e" in data.strip().lower() and data.strip().lower() not in ("nan", "inf"):
            try:
                parsed = Decimal(data.strip())
            except ArithmeticError:
                parsed = None
            if parsed is not None and has_exponent(parsed):
                self.fail("exponent")
        return super().to_internal_value(data)

    default_error_messages = {"exponent": EXPONENT_MESSAGE}
