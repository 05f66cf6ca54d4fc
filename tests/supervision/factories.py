"""Helpers for supervision tests: units by county code, ledger lines, tasks, scores."""

import datetime as dt

from supervision.models import AssignedTask, LedgerItem, SupervisedUnit, SupervisionRecord


def unit(code: str) -> SupervisedUnit:
    return SupervisedUnit.objects.get(county__code=code)


def ledger_item(code: str = "wenxian", *, year: int = 2026, quarter: int = 4, **fields) -> LedgerItem:
    fields.setdefault("task", "征集企业技术需求")
    fields.setdefault("responsible_person", "王磊")
    return LedgerItem.objects.create(unit=unit(code), year=year, quarter=quarter, **fields)


def task(code: str = "wenxian", *, due_on: dt.date, meeting_on: dt.date | None = None, **fields) -> AssignedTask:
    fields.setdefault("title", "梳理重点产业技术需求清单")
    return AssignedTask.objects.create(
        unit=unit(code), due_on=due_on, meeting_on=meeting_on or due_on - dt.timedelta(days=30), **fields
    )


def score(code: str, year: int, quarter: int, value) -> SupervisionRecord:
    return SupervisionRecord.objects.create(unit=unit(code), year=year, quarter=quarter, score=value)
