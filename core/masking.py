"""Masking of personal contact data for users who may not see it in full."""


def mask_phone(value: str) -> str:
    value = value or ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_email(value: str) -> str:
    if not value or "@" not in value:
        return "*" * len(value or "")
    name, domain = value.split("@", 1)
    return (name[:1] + "***@" + domain) if name else "***@" + domain


def mask_text(value: str, keep: int = 1) -> str:
    value = value or ""
    return value[:keep] + "*" * max(len(value) - keep, 0)
