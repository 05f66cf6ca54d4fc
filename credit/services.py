"""The one answer to "is this unit blacklisted on this date", from the credit records.

Every check point (publishing a demand or an achievement, recording a technology contract,
claiming a subsidy, signing up for an event) asks `blacklist_refusal(org, "…")` and shows its
message, which names the record: reason, source document and validity.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation

from .models import CreditKind, CreditRecord


def active_blacklist(org: Organisation | None, on: dt.date | None = None) -> CreditRecord | None:
    """The blacklist record in force for `org` on `on` (default today), latest first; else None."""
    if org is None or org.pk is None:
        return None
    on = on or timezone.localdate()
    return (
        CreditRecord.objects.blacklist()
        .active(on)
        .filter(organisation_id=org.pk)
        .order_by("-valid_from", "-pk")
        .first()
    )


def is_blacklisted(org: Organisation | None, on: dt.date | None = None) -> bool:
    return active_blacklist(org, on=on) is not None


def blacklist_message(record: CreditRecord, action: str) -> str:
    """“X”已被列入科技诚信黑名单（事由：…；依据：…；有效期：… 至 …），不能{action}。"""
    return (
        f"“{record.subject}”已被列入科技诚信黑名单（事由：{record.reason}；依据：{record.source_document}；"
        f"有效期：{record.validity_display}），不能{action}。"
    )


def blacklist_refusal(org: Organisation | None, action: str, on: dt.date | None = None) -> str | None:
    """The Chinese refusal for `action` (e.g. "发布需求") if `org` is blacklisted on `on`, else None."""
    record = active_blacklist(org, on=on)
    return blacklist_message(record, action) if record is not None else None


def blacklist_refusals(orgs, action: str, on: dt.date | None = None) -> dict:
    """blacklist_refusal for many units in one query: {org id: refusal or None}."""
    ids = [org.pk for org in orgs if org is not None and org.pk is not None]
    answers = dict.fromkeys(ids)
    if not ids:
        return answers
    on = on or timezone.localdate()
    records = (
        CreditRecord.objects.blacklist()
        .active(on)
        .filter(organisation_id__in=ids)
        .select_related("organisation")
        .order_by("organisation_id", "-valid_from", "-pk")
    )
    for record in records:
        if answers[record.organisation_id] is None:  # the latest, as active_blacklist() picks
            answers[record.organisation_id] = blacklist_message(record, action)
    return answers


# --------------------------------------------------------------------------- keeping records

RECORD_FIELDS = ("organisation", "person_name", "kind", "reason", "source_document", "valid_from", "valid_until")


def record_clean(values: dict) -> dict:
    """The rules of a credit record (Chinese ValidationError per field)."""
    errors = {}
    organisation = values.get("organisation")
    person_name = (values.get("person_name") or "").strip()
    if organisation is None and not person_name:
        errors["organisation"] = "请选择单位或填写个人姓名。"
    if values.get("kind") not in CreditKind.values:
        errors["kind"] = "类别须为良好、不良或黑名单。"
    if not (values.get("reason") or "").strip():
        errors["reason"] = "请填写事由。"
    if not (values.get("source_document") or "").strip():
        errors["source_document"] = "请填写依据文件（文号）。"
    valid_from, valid_until = values.get("valid_from"), values.get("valid_until")
    if not isinstance(valid_from, dt.date):
        errors["valid_from"] = "请填写有效期起始日期。"
    elif valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = "有效期截止日期不能早于起始日期。"
    if errors:
        raise ValidationError(errors)
    return {
        **{k: values.get(k) for k in RECORD_FIELDS},
        "person_name": person_name,
        "reason": values["reason"].strip(),
        "source_document": values["source_document"].strip(),
    }


def record_save(*, user, record: CreditRecord | None = None, **values) -> CreditRecord:
    """Create or change a credit record: the bureau only, with history."""
    if not user.is_bureau:
        raise PermissionDenied("诚信档案由市科技局维护。")
    current = {k: getattr(record, k) for k in RECORD_FIELDS} if record is not None else {}
    cleaned = record_clean({**current, **values})
    with transaction.atomic():
        if record is None:
            record = CreditRecord(created_by=user)
            record._change_reason = "录入诚信记录"
        else:
            record._change_reason = "修改诚信记录"
        for field, value in cleaned.items():
            setattr(record, field, value)
        record.save()
    return record


# --------------------------------------------------------------------------- organisation pages


def organisation_flags(org_ids, user) -> dict[int, list[tuple[str, str, str]]]:
    """Badges for the bureau's unit list: an active blacklist, and the count of records."""
    if not (user.is_bureau or user.is_leader):
        return {}
    today = timezone.localdate()
    flags: dict[int, list[tuple[str, str, str]]] = {}
    records = (
        CreditRecord.objects.visible_to(user)
        .filter(organisation_id__in=list(org_ids))
        .only("organisation_id", "kind", "valid_from", "valid_until")
    )
    counts: dict[int, int] = {}
    blacklisted = set()
    for r in records:
        counts[r.organisation_id] = counts.get(r.organisation_id, 0) + 1
        if r.kind == CreditKind.BLACKLIST and r.is_active(today):
            blacklisted.add(r.organisation_id)
    for org_id, count in counts.items():
        url = reverse("credit:list") + f"?organisation={org_id}"
        items = []
        if org_id in blacklisted:
            items.append(("黑名单", "text-bg-dark", url))
        items.append((f"诚信记录 {count}", "text-bg-light border", url))
        flags[org_id] = items
    return flags
