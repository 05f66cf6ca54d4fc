"""Engagement operations: open, note, stage notifications, follow-up reminders."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.roles import Role
from core.notifications import notify_many
from core.reminders import remind
from core.workflow import TransitionError, transition, workflow_for

from .models import OPEN_STATES, Engagement, EngagementNote, EngagementStatus, TargetKind


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
            transition(demand, "in_progress", user, comment=_opened_comment(engagement))
        except TransitionError as exc:
            raise ValidationError({"demand": exc.message})
    transaction.on_commit(lambda: _notify_opened(engagement))
    return engagement


def _opened_comment(engagement) -> str:
    """The demand's status comment: everyone who may open the demand reads it, so it names a
    talent by nothing personal (the engagement page shows the person to those who may see it)."""
    if engagement.talent_id:
        return f"发起对接：人才对接（对接编号 {engagement.pk}）"
    return f"发起对接：{engagement.target_display()}"


def engagement_request(*, user, demand, achievement, summary: str = "") -> Engagement:
    """A party asks for an engagement between a demand and an achievement (申请对接).

    The enterprise that owns the demand, or the institute that owns the achievement, may ask; the
    engagement starts as 申请中 and the bureau accepts it (→ 意向) or refuses it with a reason.
    The bureau and the other party are told."""
    if not (demand.is_owned_by(user) or achievement.is_owned_by(user)):
        raise PermissionDenied("只有需求企业或成果持有单位可以申请对接。")
    errors = {}
    if demand.status not in ("published", "in_progress") or demand.is_expired:
        errors["demand"] = "只能为已发布且在有效期内的需求申请对接。"
    if achievement.status != "published":
        errors["achievement"] = "只能申请对接已发布的科技成果。"
    pending = Engagement.objects.filter(
        demand=demand, achievement=achievement, status__in=(EngagementStatus.REQUESTED, *OPEN_STATES)
    )
    if not errors and pending.exists():
        errors["demand"] = "该需求与该成果已有对接申请或进行中的对接，请在原对接中查看进展。"
    if errors:
        raise ValidationError(errors)
    engagement = Engagement(
        demand=demand,
        target_kind=TargetKind.ACHIEVEMENT,
        achievement=achievement,
        county_id=demand.county_id,
        owner=user,
        status=EngagementStatus.REQUESTED,
        summary=(summary or "").strip(),
        created_by=user,
    )
    engagement._change_reason = "申请对接"
    engagement.save()
    transaction.on_commit(lambda: _notify_requested(engagement, user))
    return engagement


def _notify_requested(engagement, requester):
    org = requester.organisation
    notify_many(
        User.objects.with_role(Role.BUREAU),
        "engagement_requested",
        engagement,
        title=f"对接申请待受理：{engagement.demand.title}",
        body=f"{org} 申请对接“{engagement.demand.title}”与“{engagement.achievement.title}”，请受理或说明不予受理的原因。",
    )
    others = [u for u in _party_users(engagement) if u.organisation_id != requester.organisation_id]
    notify_many(
        others,
        "engagement_requested_party",
        engagement,
        title=f"{org} 申请与您对接",
        body=f"需求“{engagement.demand.title}” · 成果“{engagement.achievement.title}”。市科技局受理后将组织对接。",
    )


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
