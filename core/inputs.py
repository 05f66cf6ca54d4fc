"""Reading values that come from users: ids, numbers and money, dates, coded choices, reference rows.

One helper per kind of input, used by forms, serializers, filters, services, workflow checks and
the Excel import alike, so "1975年3月" or "１２３" or "温县" means the same everywhere:

- `parse_id` / `parse_ids`: a record id typed or tampered with ("abc", "1e85", "-3", "２",
  99999999999999999999) means "no such record" (404 or a Chinese message), never a database
  error: SQLite refuses integers beyond 64 bits and Django refuses non-numbers for a primary key.
- `parse_decimal` (a number, ValueError) and `parse_money` (元 with two places, ValidationError):
  Decimal from the text as typed, never float arithmetic; NaN, Infinity and 1e5 refused.
- `parse_date` / `parse_date_or_none` and `parse_year_month`: ISO dates, 2026/12/31, 2026年12月31日,
  20261231 and Excel serial dates; 1975.03, 1975年3月, 197503 for a year-month.
- `label_to_code` with `LabelChoiceField` / `LabelMultipleChoiceField`: a choice given as its code,
  its Chinese label or a synonym ("教授" for 正高级).
- `ReferenceIndex` / `reference_lookup` with `ReferenceChoiceField` / `ReferenceMultipleChoiceField`:
  a reference row (county, industry, category) by id, code or Chinese name, optionally guessing
  from a unique partial name ("焦作市温县" → 温县, "装备制造" → 高端装备制造).
"""

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

MAX_ID = 2**63 - 1  # BigAutoField


# --------------------------------------------------------------------------- ids


def parse_id(value) -> int | None:
    """'42' / 42 → 42; anything that cannot be a stored id → None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else None
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def parse_ids(values) -> list[int]:
    """The valid ids among `values`, in order, without repeats."""
    ids = (parse_id(v) for v in values or [])
    return list(dict.fromkeys(i for i in ids if i is not None))


# --------------------------------------------------------------------------- numbers and money

MONEY_MAX_DIGITS = 14  # every money column: max_digits=14, decimal_places=2
MONEY_PLACES = 2


def _decimal(value) -> Decimal:
    if isinstance(value, Decimal) and value.is_finite():
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().replace(",", "").replace("，", "")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError("不是有效的数字") from exc
    if not number.is_finite():
        raise ValueError("不是有效的数字")
    return number


EXPONENT_TEXT = re.compile(r"\d\s*[eE]\s*[+-]?\d")


def written_with_exponent(value) -> bool:
    """'1e5', '2.5E-1', '1e309': scientific notation as typed (caught before Decimal() turns a
    huge exponent into a number too large for any message but 过大)."""
    return isinstance(value, str) and EXPONENT_TEXT.search(value) is not None


def has_exponent(value: Decimal) -> bool:
    """Decimal("1e5") is Decimal("1E+5"): a positive exponent comes only from scientific notation,
    which people typing an amount never mean (plain digits always give an exponent ≤ 0)."""
    return isinstance(value, Decimal) and value.is_finite() and value.as_tuple().exponent > 0


def parse_decimal(value) -> Decimal:
    """A number as typed → Decimal: '12,345.60', '１２３', 12.5 (read as the text it shows).

    Raises ValueError for anything else: NaN and Infinity (Decimal accepts them, no field
    should) and scientific notation ("1e5")."""
    if written_with_exponent(value):
        raise ValueError("不是有效的数字（不支持科学计数法）")
    number = _decimal(value)
    if has_exponent(number):
        raise ValueError("不是有效的数字（不支持科学计数法）")
    return number


def parse_money(value, field: str = "amount", label: str = "金额") -> Decimal:
    """A positive-or-zero amount in 元 with at most two decimal places that fits a money column
    (14 digits), else ValidationError({field: Chinese message})."""
    if written_with_exponent(value):
        raise ValidationError({field: f"{label}须写成普通数字（如 12345.67），不能使用科学计数法。"})
    try:
        amount = _decimal(value)
    except (ValueError, TypeError):
        raise ValidationError({field: f"{label}必须是数字（单位：元）。"}) from None
    limit = Decimal(10) ** (MONEY_MAX_DIGITS - MONEY_PLACES)
    if amount.copy_abs() >= limit:  # also keeps quantize() within the decimal context
        raise ValidationError({field: f"{label}过大：不能超过 {limit - Decimal('0.01'):,} 元。"})
    if has_exponent(amount):
        raise ValidationError({field: f"{label}必须是数字（单位：元），不支持科学计数法。"})
    if amount < 0:
        raise ValidationError({field: f"{label}不能为负数。"})
    cents = Decimal(1).scaleb(-MONEY_PLACES)
    if amount != amount.quantize(cents):
        raise ValidationError({field: f"{label}最多保留两位小数（精确到分）。"})
    return amount.quantize(cents)


class DecimalInputField(forms.DecimalField):
    """A number field that reads what people type and what Excel stores (see parse_decimal);
    use it through a ModelForm's Meta.field_classes to keep the model's digits and places."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_decimal(value)
        except (ValueError, TypeError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


# --------------------------------------------------------------------------- dates

_YM_PATTERNS = [
    re.compile(r"^(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*(?:[.\-/月]\s*(?:\d{1,2}\s*日?)?)?$"),
    re.compile(r"^(\d{4})(\d{2})(?:\d{2})?$"),
]
_DATE_PATTERNS = [
    re.compile(r"^(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*[.\-/月]\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_year_month(value) -> tuple[int, int]:
    """1975.03, 1975-3, 1975/03, 1975年3月, 197503, 19750315, an Excel date → (1975, 3)."""
    if isinstance(value, dt.datetime | dt.date):
        return value.year, value.month
    if isinstance(value, float) and not value.is_integer():
        value = repr(value)  # 1975.03 typed into a number cell: read it as the text it shows
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = int(value)
        if 190001 <= number <= 210012:
            return _check_ym(number // 100, number % 100)
        if 1 <= number < 80000:  # an Excel serial date stored as a number
            day = _EXCEL_EPOCH + dt.timedelta(days=number)
            return day.year, day.month
        raise ValueError("无法识别的年月")
    text = str(value).strip()
    for pattern in _YM_PATTERNS:
        m = pattern.match(text)
        if m:
            return _check_ym(int(m.group(1)), int(m.group(2)))
    raise ValueError("无法识别的年月")


def _check_ym(year: int, month: int) -> tuple[int, int]:
    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        raise ValueError("年月超出范围")
    return year, month


def parse_date(value) -> dt.date:
    """2026-12-31, 2026/12/31, 2026.12.31, 2026年12月31日, 20261231, an Excel date → date.

    Raises ValueError for anything else (blank included)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise ValueError("无法识别的日期")
        number = int(value)
        if 19000101 <= number <= 21001231:
            return dt.date(number // 10000, number // 100 % 100, number % 100)
        if not 1 <= number <= 73050:  # an Excel serial date between 1900 and 2099
            raise ValueError("日期超出范围")
        return _EXCEL_EPOCH + dt.timedelta(days=number)
    text = str(value if value is not None else "").strip()
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))  # ValueError if no such day
    raise ValueError("无法识别的日期")


def parse_date_or_none(value) -> dt.date | None:
    """parse_date, with None for a blank or unreadable value (the caller says what is missing)."""
    if value in (None, ""):
        return None
    try:
        return parse_date(value)
    except (ValueError, OverflowError):
        return None


class DateInputField(forms.DateField):
    """A date field that reads what people type and what Excel stores (see parse_date)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_date(value)
        except (ValueError, TypeError, OverflowError) as exc:
            raise ValidationError("日期格式无法识别，请填写如 2026-03-15。", code="invalid") from exc


# --------------------------------------------------------------------------- coded choices


def label_to_code(choices, value, synonyms: dict | None = None):
    """'技术需求' or 'technology' (or a synonym) → 'technology'; unknown text is returned stripped,
    so the choice field's own validation refuses it."""
    if value in (None, ""):
        return value
    text = str(value).strip()
    for code, label in choices:
        if text == str(code) or text == str(label):
            return code
    for code, words in (synonyms or {}).items():
        if text in words:
            return code
    lowered = text.lower()
    for code, _label in choices:
        if lowered == str(code).lower():
            return code
    return text


class LabelChoiceField(forms.ChoiceField):
    """A select on the page; its code, Chinese label or a synonym in an import cell or API call."""

    def __init__(self, *, synonyms: dict | None = None, **kwargs):
        super().__init__(**kwargs)
        self.synonyms = synonyms or {}

    def to_python(self, value):
        return label_to_code(self.choices, super().to_python(value), self.synonyms)


class LabelMultipleChoiceField(forms.MultipleChoiceField):
    """Checkboxes on the page; '委托研发、合作研究' (or a list) in an import cell or API call."""

    def __init__(self, *, synonyms: dict | None = None, **kwargs):
        super().__init__(**kwargs)
        self.synonyms = synonyms or {}

    def to_python(self, value):
        from .excel import split_multi

        if not value:
            return []
        if isinstance(value, str):
            value = split_multi(value)
        values = super().to_python(value)
        return list(dict.fromkeys(label_to_code(self.choices, v, self.synonyms) for v in values))


# --------------------------------------------------------------------------- reference rows


class ReferenceIndex:
    """id / code / Chinese name → row of one (small) reference table, loaded in one query.

    With `guess`, text that is none of these resolves to the one row whose name contains it or
    is contained in it (焦作市温县 → 温县, 装备制造 → 高端装备制造); ambiguous text is not
    guessed. `short_suffixes` also accepts a name without its suffix (沁阳 → 沁阳市, never a
    bare 温 for 温县)."""

    def __init__(self, queryset, *, guess: bool = False, short_suffixes: tuple[str, ...] = ()):
        self.model = queryset.model
        self.guess = guess
        self.by_key: dict[str, object] = {}
        self.by_name: dict[str, object] = {}
        rows = list(queryset)
        # Later keys win where they collide: a name beats a code, a code beats an id.
        for obj in rows:
            self.by_key[str(obj.pk)] = obj
        for obj in rows:
            self.by_key[obj.code] = obj
            self.by_key[obj.code.lower()] = obj
        for obj in rows:
            self.by_key[obj.name] = obj
            self.by_name[obj.name] = obj
        for obj in rows:
            for suffix in short_suffixes:
                if obj.name.endswith(suffix) and len(obj.name) > len(suffix) + 1:
                    self.by_key.setdefault(obj.name[: -len(suffix)], obj)

    def get(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, self.model):
            return value
        text = str(value).strip()
        if text in self.by_key:
            return self.by_key[text]
        if not self.guess or len(text) < 2:
            return None
        hits = [obj for name, obj in self.by_name.items() if text in name or name in text]
        return hits[0] if len(hits) == 1 else None


def reference_lookup(queryset, value, *, guess: bool = False):
    """One reference row (industry, county, category) by id, code or Chinese name; None if not found."""
    if value in (None, ""):
        return None
    return ReferenceIndex(queryset, guess=guess).get(value)


def _unknown(value) -> ValidationError:
    return ValidationError(f"“{value}”不是有效的选项，请从下拉列表中选择。", code="invalid_choice")


class ReferenceChoiceField(forms.ModelChoiceField):
    """A select on the page; the id, code or Chinese name in an import cell, filter or API call.

    The lookup is loaded once per form; an import shares one `index` between all its rows."""

    def __init__(self, *args, guess: bool = False, short_suffixes: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.guess = guess
        self.short_suffixes = short_suffixes
        self.index = None

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.index = None  # the queryset may be narrowed per form: load again
        return result

    def lookup(self, value):
        if self.index is None:
            self.index = ReferenceIndex(self.queryset, guess=self.guess, short_suffixes=self.short_suffixes)
        return self.index.get(value)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        found = self.lookup(value)
        if found is None:
            raise _unknown(value)
        return found


class ReferenceMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several reference rows: checkboxes on the page, '新材料、高端装备制造' in an import cell."""

    def __init__(self, *args, guess: bool = False, short_suffixes: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.guess = guess
        self.short_suffixes = short_suffixes
        self.index = None

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.index = None
        return result

    def lookup(self, value):
        if self.index is None:
            self.index = ReferenceIndex(self.queryset, guess=self.guess, short_suffixes=self.short_suffixes)
        return self.index.get(value)

    def clean(self, value):
        from .excel import split_multi

        if isinstance(value, str):
            value = split_multi(value)
        value = [v for v in (value or []) if v not in self.empty_values]
        if not value:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        found, unknown = [], []
        for v in value:
            obj = self.lookup(v)
            if obj is None:
                unknown.append(str(v))
            elif obj not in found:
                found.append(obj)
        if unknown:
            raise ValidationError(f"无法识别：{'、'.join(unknown)}，请从下拉列表中选择。", code="invalid_choice")
        return found
