"""Scheduled reminders: one registry of jobs, one idempotent send, one log.

Each app that owns a fact registers its reminder jobs from `AppConfig.ready()`:

    register_job(ReminderJob(kind="ledger_update", label="台账更新提醒", schedule="…",
                             run=send_ledger_reminders, upcoming=planned_ledger_reminders))

`run(on)` sends what is due as of the date `on` (passed explicitly, never read from the clock
inside, so a job can be run for any date: `manage.py run_reminders --date 2026-12-21`).
Every send goes through `remind()`, which writes a `ReminderLog` row unique on
(kind, recipient, period) in the same transaction as the notification: running a job twice, or
two workers at once, sends each reminder once. `upcoming(start, end)` lists what a job will
send between two dates, for the reminders page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from .models import ReminderLog
from .notifications import notify


@dataclass(frozen=True)
class Planned:
    """A reminder a job will send: on which date, to whom, about what."""

    on: dt.date
    kind: str
    title: str
    recipient_ids: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class ReminderJob:
    kind: str
    label: str
    schedule: str  # when it fires, in Chinese (the reminders page and the README say the same)
    run: Callable[[dt.date], int]
    upcoming: Callable[[dt.date, dt.date], Iterable[Planned]] | None = None
    order: int = 100


_jobs: dict[str, ReminderJob] = {}


def register_job(job: ReminderJob) -> None:
    _jobs[job.kind] = job


def jobs() -> list[ReminderJob]:
    return sorted(_jobs.values(), key=lambda j: (j.order, j.kind))


def job_labels() -> dict[str, str]:
    return {j.kind: j.label for j in jobs()}


def run_job(kind: str, on: dt.date) -> int:
    return _jobs[kind].run(on)


def run_all(on: dt.date) -> dict[str, int]:
    """Every registered job as of `on`: {kind: reminders sent}. Safe to repeat."""
    return {job.kind: job.run(on) for job in jobs()}


def upcoming(start: dt.date, end: dt.date) -> list[Planned]:
    result = []
    for job in jobs():
        if job.upcoming is not None:
            result.extend(p for p in job.upcoming(start, end) if start <= p.on <= end)
    return sorted(result, key=lambda p: (p.on, p.kind))


def remind(
    recipient,
    kind: str,
    period: str,
    *,
    on: dt.date,
    title: str,
    body: str = "",
    url: str = "",
    obj=None,
) -> bool:
    """Send one reminder once per (kind, recipient, period). Returns True if it was sent now."""
    if recipient is None or not recipient.is_active:
        return False
    with transaction.atomic():
        try:
            with transaction.atomic():
                log = ReminderLog.objects.create(
                    kind=kind, recipient=recipient, period=period, title=title[:200], url=url, run_for=on
                )
        except IntegrityError:
            return False  # already sent (or being sent by another worker right now)
        notification = notify(recipient, kind, obj, title=title, body=body, url=url, dedupe_key=period)
        if notification is not None:
            log.notification = notification
            log.save(update_fields=["notification"])
    return True


# --------------------------------------------------------------------------- calendar helpers


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_start(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> dt.date:
    """Last day of the quarter (31 Mar, 30 Jun, 30 Sep, 31 Dec)."""
    if quarter == 4:
        return dt.date(year, 12, 31)
    return quarter_start(year, quarter + 1) - dt.timedelta(days=1)


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}年第{quarter}季度"


def quarter_period(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"


def quarters_between(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """(year, quarter) of every quarter touching [start, end], in order."""
    result = []
    year, quarter = start.year, quarter_of(start)
    while quarter_start(year, quarter) <= end:
        result.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return result
