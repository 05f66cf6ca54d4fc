"""Every URL pattern of the portal, and which record of the security world fills its arguments."""

from django.urls import URLResolver, get_resolver, reverse

# Not part of the permission matrix: Django admin (its own permission system), the health probe
# (public by design) and the OpenAPI schema/docs.
SKIPPED = {"healthz", "api-schema", "api-docs", "api-redoc"}


def all_routes():
    """(name, argument names) of every named URL pattern, admin excluded."""

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                yield from walk(p.url_patterns, ns)
            elif p.name and "format" not in p.pattern.regex.groupindex:
                yield (f"{namespace}:{p.name}" if namespace else p.name), tuple(p.pattern.regex.groupindex)

    seen = {}
    for name, keys in walk(get_resolver().url_patterns):
        if not name.startswith("admin:") and name not in SKIPPED:
            seen.setdefault(name, keys)
    return seen


def _arg(name: str, key: str, ids: dict, variant: int):
    """variant 0 = the public / own-county record, 1 = the draft / other-county record."""
    if name.startswith(("platforms:", "platform-")):
        suffix = "" if variant == 0 else "_planning"
        return {"pk": ids["platform" + suffix], "instrument_pk": ids["instrument" + suffix]}[key]
    if name.startswith("instrument-"):
        return ids["instrument" if variant == 0 else "instrument_planning"]
    if name.startswith(("credit:", "credit-record-")):
        return ids["credit_record" if variant == 0 else "credit_blacklist"]
    if name.startswith(("events:", "event-")):
        return ids["event"] if variant == 0 else ids["event_draft"]
    for prefix, record in (
        ("supervision:ledger", "ledger"),
        ("ledger-item", "ledger"),
        ("supervision:task", "task"),
        ("assigned-task", "task"),
        ("supervision-record", "record"),
    ):
        if name.startswith(prefix):
            return ids[f"{record}_wx"] if variant == 0 else ids[f"{record}_qy"]
    if name.startswith(("talents:", "talent-")):
        return {
            "pk": ids["talent_wx"] if variant == 0 else ids["talent_qy"],
            "other_pk": ids["talent_qy"],
            "correction_pk": 1,
            "token": "x",
        }[key]
    if "demand" in name:
        return ids["demand"] if variant == 0 else ids["demand_draft"]
    if "achievement" in name:
        if key == "attachment_id":
            return ids["attachment"] if variant == 0 else ids["attachment_draft"]
        return ids["achievement"] if variant == 0 else ids["achievement_draft"]
    if "engagement" in name:
        return ids["engagement"]
    if "institute" in name:
        return ids["institute_org"]
    if "organisation" in name:
        return ids["enterprise_org"]
    if "notification" in name:
        return ids["notification"]
    suffix = "" if variant == 0 else "_draft"  # a submitted claim, then a draft one
    if "polic" in name:
        return ids["policy"]
    if "attachment" in name:
        return ids["claim_attachment" + suffix]
    if name == "subsidies:payment_create":  # /contracts/<pk>/payments/new/: a contract id
        return ids["contract" + suffix]
    if "payment" in name:
        return {"pk": ids["payment" + suffix], "which": "voucher"}[key]
    if "contract" in name:
        return ids["contract" + suffix]
    return ids["claim" + suffix]


def url_for(name: str, keys, ids: dict, variant: int) -> str:
    return reverse(name, kwargs={k: _arg(name, k, ids, variant) for k in keys})
