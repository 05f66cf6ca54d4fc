"""Reading ids that come from users (query strings, form fields, JSON bodies).

A record id typed or tampered with ("abc", "1e85", "-3", "２", 99999999999999999999) must mean
"no such record" (404, or a Chinese validation message), never a database error: SQLite
refuses integers beyond 64 bits and Django refuses non-numbers for an integer primary key.
"""

MAX_ID = 2**63 - 1  # BigAutoField


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
