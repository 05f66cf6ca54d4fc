"""Readable change history from django-simple-history records, for detail pages."""

from dataclasses import dataclass

HISTORY_TYPES = {"+": "创建", "~": "修改", "-": "删除"}


@dataclass
class HistoryEntry:
    when: object
    who: object
    action: str
    reason: str
    changes: list[tuple[str, str, str]]


def history_entries(obj, limit: int = 50) -> list[HistoryEntry]:
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = obj._meta.get_field(change.field)
                changes.append((str(field.verbose_name), _show(change.old), _show(change.new)))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                action=HISTORY_TYPES.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def _show(value) -> str:
    if value in (None, ""):
        return "（空）"
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)
