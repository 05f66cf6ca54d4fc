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


# Full-width digits and the signs people type around numbers (＋８６ １３８－…, （０３９１）).
_PHONE_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}
_PHONE_WIDTH.update({ord("＋"): "+", ord("－"): "-", ord("—"): "-", ord("–"): "-", ord("（"): "(", ord("）"): ")"})
_PHONE_WIDTH.update({ord("\u3000"): " ", ord("\u00a0"): " "})
_EXTENSION = re.compile(r"(?:转|分机|ext\.?|x)\s*(\d{1,6})$", re.IGNORECASE)
# 3-digit area codes: 010 (Beijing) and 02x (Shanghai, Tianjin, Chongqing and other large cities).
_SHORT_AREA = re.compile(r"^0(?:10|2\d)")


def normalize_phone(value) -> str:
    """A phone number as people type it → one stored form, so matching and duplicates work.

    Mobiles become 11 digits ("+86 138-3910-0001", "１３８ ３９１０ ０００１" → "13839100001");
    landlines "区号-号码[-分机]" ("(0391)3561234", "0391 356 1234转801" → "0391-3561234-801").
    Anything that is not recognisably a mainland number is returned tidied but otherwise as typed,
    for `validate_phone` to refuse with a Chinese message. The one normaliser: forms, API
    serializers, imports and (core/apps.py) every save of a phone field use it.
    """
    text = str(value or "").translate(_PHONE_WIDTH).strip()
    if not text:
        return ""
    extension = ""
    found = _EXTENSION.search(text)
    if found:
        extension, text = found.group(1), text[: found.start()]
    groups = [g for g in re.split(r"[\s\-()]+", text) if g]
    # "0391-3561234-801": area code, number and a third group that is the extension.
    if (
        not extension
        and len(groups) == 3
        and all(g.isdigit() for g in groups)
        and groups[0].startswith("0")
        and 3 <= len(groups[0]) <= 4
        and 7 <= len(groups[1]) <= 8
    ):
        extension, text = groups[2], f"{groups[0]}-{groups[1]}"
    compact = re.sub(r"[\s()\-.·/]", "", text)
    for prefix in ("+86", "0086"):
        if compact.startswith(prefix):
            compact = compact[len(prefix) :]
    if compact.startswith("86") and len(compact) == 13 and compact[2] == "1":
        compact = compact[2:]
    if not compact.isdigit():
        return re.sub(r"\s+", "", text)
    if _MOBILE.match(compact):
        return compact
    if compact.startswith("0") and 10 <= len(compact) <= 12:
        area = 3 if _SHORT_AREA.match(compact) else 4
        number = f"{compact[:area]}-{compact[area:]}"
        return f"{number}-{extension}" if extension else number
    return compact


def validate_phone(value: str) -> None:
    """Mainland mobile (11 digits starting 1[3-9]) or landline with area code (0391-1234567)."""
    phone = normalize_phone(value)
    if not (_MOBILE.match(phone) or _LANDLINE.match(phone)):
        raise ValidationError(
            "电话号码格式不正确：请填写 11 位手机号，或带区号的固定电话（如 0391-3561234）。", code="phone"
        )
