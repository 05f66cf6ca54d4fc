"""Engagement operations: open, note, stage notifications, follow-up reminders."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from core.notifications import notify_many
from core.reminders import remind
from core.workflow import TransitionError, transition, workflow_for

from .models import OPEN_STATES, Engagement, EngagementNote, TargetKind


def may_open(user, demand, talent=None) -> bool:
    """The bureau; a liaison for their county's demands, or with a talent of their county
    (a liaison cannot reach another county's talents: the talent pool is per county)."""
    if not user.is_authenticated:
        return False
    if user.is_bureau:
        return True
    if user.is_liaison and user.county_id:
        if talent is not None:
            return talent.native_county_id == user.county_id
        return user.county_id == demand.county_id
    return False


@transaction.atomic
def engagement_open(
    *,
    user,
    demand,
    achievement=None,
    talent=None,
    institute=None,
    owner=None,
    summary: str = "",
    next_follow_up_on: dt.date | None = None,
) -> Engagement:
    """Open an engagement (意向) between a public demand and one counterpart.

    Moves a published demand to 对接中 through the demand workflow and tells both parties.
    """
    targets = [t for t in (achievement, talent, institute) if t is not None]
    if len(targets) != 1:
        raise ValidationError({"target": "请选择一项对接对象：科技成果、人才或高校院所。"})
    if not may_open(user, demand, talent):
        raise PermissionDenied("只有市科技局或需求所在县区的联络员可以发起对接。")
    errors = {}
    if demand.status not in ("published", "in_progress") or demand.is_expired:
        errors["demand"] = "只能为已发布且在有效期内的需求发起对接。"
    if achievement is not None and achievement.status != "published":
        errors["achievement"] = "只能对接已发布的科技成果。"
    if talent is not None and talent.status != "admitted":
        errors["talent"] = "只能对接已入库的人才。"
    if institute is not None and (institute.kind != Organisation.Kind.INSTITUTE or not institute.is_verified):
        errors["institute"] = "只能对接已核验的高校院所。"
    if next_follow_up_on is not None and next_follow_up_on < timezone.localdate():
        errors["next_follow_up_on"] = "下次跟进日期不能早于今天。"
    if owner is not None and not (owner.is_bureau or owner.is_liaison):
        errors["owner"] = "负责人须为市科技局工作人员或县区联络员。"
    duplicate = Engagement.objects.open().filter(
        demand=demand, achievement=achievement, talent=talent, institute=institute
    )
    if not errors and duplicate.exists():
        errors["demand"] = "该需求与该对象已有进行中的对接，请在原对接中跟进。"
    if errors:
        raise ValidationError(errors)
    kind = TargetKind.ACHIEVEMENT if achievement else TargetKind.TALENT if talent else TargetKind.INSTITUTE
    engagement = Engagement(
        demand=demand,
        target_kind=kind,
        achievement=achievement,
        talent=talent,
        institute=institute,
        county_id=demand.county_id,
        owner=owner or user,
        summary=summary.strip(),
        next_follow_up_on=next_follow_up_on,
        created_by=user,
    )
    engagement._change_reason = "发起对接"
    engagement.save()
    if demand.status == "published":
        try:
            transition(demand, "in_progress", user, comment=f"发起对接：{engagement.target_display()}")
        except TransitionError as exc:
            raise ValidationError({"demand": exc.message})
    transaction.on_commit(lambda: _notify_opened(engagement))
    return engagement


def _party_users(engagement):
    return list(User.objects.filter(organisation_id__in=engagement.party_organisation_ids, is_active=True))


def _notify_opened(engagement):
    notify_many(
        _party_users(engagement),
        "engagement_opened",
        engagement,
        title=f"市科技局为“{engagement.demand.title}”发起了对接",
        body=f"对接对象：{engagement.target_display()}。负责人：{engagement.owner}。",
    )


def after_stage_change(engagement, change) -> None:
    """Workflow `after` hook: tell the parties."""
    label = workflow_for(Engagement).label(change.to_state)
    notify_many(
        _party_users(engagement),
        "engagement_stage",
        engagement,
        title=f"对接“{engagement.demand.title}”进入“{label}”阶段",
        body=change.comment,
    )


def note_add(*, user, engagement, body: str, next_follow_up_on: dt.date | None = None) -> EngagementNote:
    if not engagement.can_edit(user):
        raise PermissionDenied("您可以查看此对接，但无权添加跟进记录。")
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "请填写跟进记录内容。"})
    if next_follow_up_on is not None:
        if next_follow_up_on < timezone.localdate():
            raise ValidationError({"next_follow_up_on": "下次跟进日期不能早于今天。"})
        if not engagement.is_open:
            raise ValidationError({"next_follow_up_on": "对接已结束，无需再安排跟进。"})
    note = EngagementNote.objects.create(engagement=engagement, author=user, body=body)
    if next_follow_up_on is not None:
        engagement.next_follow_up_on = next_follow_up_on
        engagement._change_reason = "更新下次跟进日期"
        engagement.save(update_fields=["next_follow_up_on", "updated_at"])
    return note


def send_follow_up_reminders(today: dt.date | None = None) -> int:
    """Notify each open engagement's owner on (or after) its follow-up date — once per date."""
    today = today or timezone.localdate()
    due = (
        Engagement.objects.filter(status__in=OPEN_STATES, next_follow_up_on__lte=today)
        .select_related("demand", "owner")
        .order_by("pk")
    )
    sent = 0
    for engagement in due.iterator():
        late = (today - engagement.next_follow_up_on).days
        when = "今天" if late == 0 else f"已逾期 {late} 天"
        sent += remind(
            engagement.owner,
            "engagement_follow_up",
            f"follow-up:{engagement.pk}:{engagement.next_follow_up_on:%Y-%m-%d}",
            on=today,
            obj=engagement,
            title=f"对接跟进提醒：{engagement.demand.title}（{when}）",
            body=f"计划跟进日期 {engagement.next_follow_up_on:%Y-%m-%d}，当前阶段：{engagement.get_status_display()}。请跟进并记录。",
            url=engagement.get_absolute_url(),
        )
    return sent
