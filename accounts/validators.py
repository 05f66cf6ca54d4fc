"""统一社会信用代码 (unified social credit code) validation per GB 32100-2015."""

import re

from django.core.exceptions import ValidationError

# The 31 characters allowed by GB 32100-2015 (no I, O, Z, S, V), in code-value order.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_FORMAT = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def normalize_uscc(value: str) -> str:
    return (value or "").strip().upper()


def uscc_check_character(first17: str) -> str:
    """The 18th character for the first 17 characters of a code."""
    total = sum(USCC_CHARSET.index(char) * weight for char, weight in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> None:
    code = normalize_uscc(value)
    if len(code) != 18:
        raise ValidationError(
            "统一社会信用代码应为 18 位，当前为 %(n)s 位。", code="uscc_length", params={"n": len(code)}
        )
    if not _USCC_FORMAT.match(code):
        raise ValidationError(
            "统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V），或第 3–8 位不是行政区划数字。",
            code="uscc_format",
        )
    if uscc_check_character(code[:17]) != code[17]:
        raise ValidationError("统一社会信用代码校验位不正确，请核对后重新输入。", code="uscc_checksum")


_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def normalize_phone(value: str) -> str:
    value = (value or "").strip().replace(" ", "").replace("－", "-")
    if value.startswith("+86"):
        value = value[3:]
    return value


def validate_phone(value: str) -> None:
    """Mainland mobile (11 digits starting 1[3-9]) or landline with area code (0391-1234567)."""
    phone = normalize_phone(value)
    if not (_MOBILE.match(phone) or _LANDLINE.match(phone)):
        raise ValidationError(
            "电话号码格式不正确：请填写 11 位手机号，或带区号的固定电话（如 0391-3561234）。", code="phone"
        )
