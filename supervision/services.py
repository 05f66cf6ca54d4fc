"""Supervision operations: ledger entries with evidence, assigned tasks, supervision scores,
the yearly award confirmation. Pages and API call these; each checks who may act."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.notifications import notify_many
from core.uploads import check_upload

from .models import (
    AssignedTask,
    AwardDecision,
    AwardEntry,
    LedgerItem,
    Outcome,
    Prize,
    SupervisedUnit,
    SupervisionRecord,
)
from .ranking import over_quota, propose

EVIDENCE_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def check_evidence(upload) -> str:
    """Evidence files: PDF/JPG/PNG recognised by content, at most 10 MB (the portal's one upload
    check). Names the stored file after its real type; returns the MIME type."""
    found = check_upload(
        upload,
        allowed=frozenset(EVIDENCE_TYPES),
        allowed_text="PDF、JPG、PNG 格式",
        label="佐证材料",
        max_bytes=EVIDENCE_MAX_BYTES,
    )
    original = getattr(upload, "name", "") or "佐证材料"
    stem = original.rsplit(".", 1)[0] if "." in original else original
    upload.name = f"{stem[:80]}.{found}"
    return EVIDENCE_TYPES[found]


# --------------------------------------------------------------------------- ledger


LEDGER_FIELDS = ("unit", "year", "quarter", "task", "responsible_person", "progress", "assigned_task")


def _check_unit(user, unit: SupervisedUnit) -> None:
    if not SupervisedUnit.objects.kept_by(user).filter(pk=unit.pk).exists():
        raise PermissionDenied("您只能维护本单位（本县区）的台账。")


@transaction.atomic
def ledger_item_save(*, user, values: dict, item: LedgerItem | None = None, evidence=None) -> LedgerItem:
    """Create or update a ledger line (and optionally replace its evidence file)."""
    unit = values.get("unit") or (item.unit if item else None)
    if unit is None:
        raise ValidationError({"unit": "请选择单位。"})
    _check_unit(user, unit)
    if item is not None:
        _check_unit(user, item.unit)
    task = values.get("assigned_task")
    if task is not None and task.unit_id != unit.pk:
        raise ValidationError({"assigned_task": "只能关联交办给本单位的任务。"})
    item = item or LedgerItem(created_by=user)
    for name in LEDGER_FIELDS:
        if name in values:
            setattr(item, name, values[name])
    old_file = None
    if evidence is not None:
        mime = check_evidence(evidence)
        old_file = item.evidence.name if item.evidence else None
        item.evidence_name = (getattr(evidence, "name", "") or "佐证材料")[:200]
        item.evidence_content_type = mime
        item.evidence = evidence
    item._change_reason = "更新台账" if item.pk else "新增台账事项"
    item.full_clean(exclude=["evidence", "created_by", "status"])
    item.save()
    if old_file:
        storage = item.evidence.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return item


def ledger_item_delete(*, user, item: LedgerItem) -> None:
    if not item.can_edit(user):
        raise PermissionDenied("您无权删除该台账事项。")
    if item.evidence:
        name, storage = item.evidence.name, item.evidence.storage
        transaction.on_commit(lambda: storage.delete(name))
    item.delete()


# --------------------------------------------------------------------------- assigned tasks


@transaction.atomic
def task_assign(
    *, user, unit: SupervisedUnit, title: str, due_on: dt.date, meeting_on: dt.date, detail: str = ""
) -> AssignedTask:
    if not user.is_bureau:
        raise PermissionDenied("只有市科技局可以交办任务。")
    errors = {}
    if not (title or "").strip():
        errors["title"] = "请填写任务内容。"
    if due_on < meeting_on:
        errors["due_on"] = "完成时限不能早于交办会议日期。"
    if errors:
        raise ValidationError(errors)
    task = AssignedTask(
        title=title.strip(), detail=(detail or "").strip(), unit=unit, meeting_on=meeting_on, due_on=due_on
    )
    task.created_by = user
    task._change_reason = "联席会议交办"
    task.save()
    transaction.on_commit(
        lambda: notify_many(
            list(unit.keepers()),
            "task_assigned",
            task,
            title=f"联席会议交办任务：{task.title}",
            body=f"完成时限 {task.due_on:%Y-%m-%d}。{task.detail}",
        )
    )
    return task


# --------------------------------------------------------------------------- supervision records


def parse_score(value) -> Decimal:
    try:
        score = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"score": "得分须为 0 到 100 之间的数字，最多两位小数。"})
    if not score.is_finite() or score < 0 or score > 100 or score != score.quantize(Decimal("0.01")):
        raise ValidationError({"score": "得分须为 0 到 100 之间的数字，最多两位小数。"})
    return score


@transaction.atomic
def record_save(
    *, user, unit: SupervisedUnit, year: int, quarter: int, score, outcome: str = Outcome.NONE, comment: str = ""
) -> SupervisionRecord:
    """Record (or correct) a unit's quarterly supervision; one record per unit and quarter."""
    if not user.is_bureau:
        raise PermissionDenied("只有市科技局可以记录督导结果。")
    score = parse_score(score)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "结果须为表彰、通报批评或无。"})
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": "季度须为 1 到 4。"})
    if outcome in (Outcome.COMMEND, Outcome.CRITICISE) and not (comment or "").strip():
        raise ValidationError({"comment": "表彰或通报批评须写明督导意见。"})
    record = SupervisionRecord.objects.select_for_update().filter(unit=unit, year=year, quarter=quarter).first()
    created = record is None
    record = record or SupervisionRecord(unit=unit, year=year, quarter=quarter)
    record.score = score
    record.outcome = outcome
    record.comment = (comment or "").strip()
    record.recorded_by = user
    record._change_reason = "记录督导结果" if created else "更正督导结果"
    record.full_clean()
    record.save()
    if outcome != Outcome.NONE:
        transaction.on_commit(
            lambda: notify_many(
                list(unit.keepers()),
                "supervision_outcome",
                record,
                title=f"{year}年第{quarter}季度督导结果：{record.get_outcome_display()}",
                body=f"得分 {record.score}。{record.comment}",
            )
        )
    return record


# --------------------------------------------------------------------------- yearly awards


def year_scores(year: int) -> dict:
    scores: dict = {}
    records = SupervisionRecord.objects.filter(year=year).select_related("unit")
    for record in records:
        scores.setdefault(record.unit, []).append(record.score)
    return scores


def award_proposal(year: int):
    return propose(year_scores(year))


@transaction.atomic
def award_confirm(*, user, year: int, prizes: dict[int, str], comment: str = "") -> AwardDecision:
    """Store the bureau's decision: {unit id: prize} for the units ranked this year.

    Giving a prize more often than its quota (e.g. both units of a boundary tie) needs a
    written reason. Re-confirming replaces the entries; the history keeps the earlier ones.
    """
    if not user.is_bureau:
        raise PermissionDenied("只有市科技局可以确认年度评奖。")
    ranked = {r.unit.pk: r for r in award_proposal(year)}
    if not ranked:
        raise ValidationError({"year": f"{year}年还没有督导得分，无法评奖。"})
    unknown = set(prizes) - set(ranked)
    if unknown:
        raise ValidationError({"prizes": "只能为本年度有督导得分的单位评奖。"})
    if any(p not in Prize.values for p in prizes.values()):
        raise ValidationError({"prizes": "奖项须为一等奖、二等奖、三等奖或未获奖。"})
    final = {pk: prizes.get(pk, r.prize) for pk, r in ranked.items()}
    comment = (comment or "").strip()
    exceeded = over_quota(final.values())
    if exceeded and not comment:
        raise ValidationError({"comment": "超出名额：" + "；".join(exceeded) + "。请在说明中写明理由。"})
    decision = AwardDecision.objects.select_for_update().filter(year=year).first()
    decision = decision or AwardDecision(year=year)
    decision.comment = comment
    decision.confirmed_by = user
    decision.confirmed_at = timezone.now()
    decision._change_reason = "确认年度评奖" if decision.pk is None else "重新确认年度评奖"
    decision.save()
    decision.entries.all().delete()
    for pk, r in ranked.items():
        entry = AwardEntry(decision=decision, unit=r.unit, rank=r.rank, annual_score=r.annual_score, prize=final[pk])
        entry._change_reason = f"{year}年度评奖"
        entry.save()
    return decision
