"""Event operations: save with participants, self sign-up, outcomes, yearly counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Organisation
from accounts.roles import Role
from core.registry import target_for
from credit.services import blacklist_refusal  # the unit blacklist, answered from the credit records
from engagements.models import Engagement

from .models import Agreement, Event, EventKind, EventParticipant, EventStatus, LandedProject
from .targets import YEARLY_TARGETS

# --------------------------------------------------------------------------- events


EVENT_FIELDS = ("kind", "title", "date", "place", "organiser", "county", "description")


@transaction.atomic
def event_save(
    *, user, values: dict, event: Event | None = None, enterprises=None, institutes=None, talents=None
) -> Event:
    """Create (as 筹备中) or update an event and its invited participants."""
    if event is None:
        if not (user.is_bureau or user.is_liaison):
            raise PermissionDenied("只有市科技局和县区联络员可以组织对接活动。")
        county = values.get("county")
        if user.is_liaison and not user.is_bureau and (county is None or county.pk != user.county_id):
            raise ValidationError({"county": "县区联络员只能组织本县区的活动。"})
        event = Event(created_by=user)
    elif not event.can_edit(user):
        raise PermissionDenied("您可以查看此活动，但无权修改。")
    elif user.is_liaison and not user.is_bureau and "county" in values:
        county = values["county"]
        if county is None or county.pk != user.county_id:
            raise ValidationError({"county": "县区联络员只能组织本县区的活动。"})
    if event.status in (EventStatus.HELD, EventStatus.CANCELLED) and event.pk:
        changing = [f for f in ("kind", "date") if f in values and values[f] != getattr(event, f)]
        if changing:
            raise ValidationError({"date": "活动已举办或已取消，不能再改类型和日期。"})
    for name in EVENT_FIELDS:
        if name in values:
            setattr(event, name, values[name])
    event.full_clean(exclude=["created_by", "status", "talents"])
    event._change_reason = "修改活动" if event.pk else "创建活动"
    event.save()
    invited = []
    if enterprises is not None:
        invited += [(o, Organisation.Kind.ENTERPRISE) for o in enterprises]
    if institutes is not None:
        invited += [(o, Organisation.Kind.INSTITUTE) for o in institutes]
    if enterprises is not None or institutes is not None:
        kinds = ([Organisation.Kind.ENTERPRISE] if enterprises is not None else []) + (
            [Organisation.Kind.INSTITUTE] if institutes is not None else []
        )
        keep = {o.pk for o, _ in invited}
        event.participants.filter(source=EventParticipant.Source.INVITED, organisation__kind__in=kinds).exclude(
            organisation_id__in=keep
        ).delete()
        existing = set(event.participants.values_list("organisation_id", flat=True))
        for org, _ in invited:
            if org.pk not in existing:
                EventParticipant.objects.create(event=event, organisation=org, source=EventParticipant.Source.INVITED)
    if talents is not None:
        event.talents.set(talents)
    return event


def signup_refusal(event: Event, user, on: dt.date) -> str | None:
    """Why this user's unit may not sign up for the event now (Chinese), or None."""
    org = user.organisation if user.is_authenticated else None
    if org is None or not user.has_role(Role.ENTERPRISE, Role.INSTITUTE):
        return "只有企业和高校院所用户可以报名参加活动。"
    if event.status != EventStatus.UPCOMING:
        return f"该活动{event.get_status_display()}，不能报名。"
    if on > event.date:
        return f"活动已于 {event.date:%Y-%m-%d} 举行，报名已截止。"
    refusal = blacklist_refusal(org, "报名参加对接活动", on=on)
    if refusal:
        return refusal
    return None


@transaction.atomic
def signup(*, event: Event, user, on: dt.date | None = None) -> EventParticipant:
    """The user's enterprise (or institute) signs up for an upcoming event itself."""
    on = on or timezone.localdate()
    event = Event.objects.select_for_update().get(pk=event.pk)
    refusal = signup_refusal(event, user, on)
    if refusal:
        raise ValidationError(refusal)
    if event.participants.filter(organisation=user.organisation).exists():
        raise ValidationError(f"“{user.organisation}”已报名或已受邀参加该活动。")
    try:
        with transaction.atomic():
            participant = EventParticipant.objects.create(
                event=event, organisation=user.organisation, source=EventParticipant.Source.SIGNUP, signed_up_by=user
            )
    except IntegrityError:
        raise ValidationError(f"“{user.organisation}”已报名或已受邀参加该活动。")
    return participant


@transaction.atomic
def signup_cancel(*, event: Event, user, on: dt.date | None = None) -> None:
    on = on or timezone.localdate()
    participant = event.participants.filter(
        organisation_id=user.organisation_id, source=EventParticipant.Source.SIGNUP
    ).first()
    if participant is None:
        raise ValidationError("您的单位没有报名该活动。")
    if event.status != EventStatus.UPCOMING or on > event.date:
        raise ValidationError("活动已举行或已取消，不能取消报名。")
    participant.delete()


# --------------------------------------------------------------------------- outcomes


def _check_outcome(user, event: Event, engagement, enterprise, institute) -> dict:
    if not event.can_edit(user):
        raise PermissionDenied("只有活动主办方（市科技局或本县区联络员）可以登记活动成果。")
    errors = {}
    if event.status == EventStatus.CANCELLED:
        errors["event"] = "活动已取消，不能登记成果。"
    if enterprise is not None and enterprise.kind != Organisation.Kind.ENTERPRISE:
        errors["enterprise"] = "请选择企业。"
    if institute is not None and institute.kind != Organisation.Kind.INSTITUTE:
        errors["institute"] = "请选择高校院所。"
    if engagement is not None and not Engagement.objects.visible_to(user).filter(pk=engagement.pk).exists():
        errors["engagement"] = "找不到该对接，或您无权关联。"
    return errors


@transaction.atomic
def agreement_add(
    *,
    user,
    event: Event,
    title: str,
    parties: str,
    signed_on: dt.date,
    amount: Decimal | None = None,
    enterprise=None,
    institute=None,
    engagement=None,
) -> Agreement:
    errors = _check_outcome(user, event, engagement, enterprise, institute)
    if amount is not None and amount < 0:
        errors["amount"] = "协议金额不能为负数。"
    if not (parties or "").strip():
        errors["parties"] = "请填写签约各方。"
    if errors:
        raise ValidationError(errors)
    agreement = Agreement(
        event=event,
        title=title.strip(),
        parties=parties.strip(),
        signed_on=signed_on,
        amount=amount,
        enterprise=enterprise,
        institute=institute,
        engagement=engagement,
        created_by=user,
    )
    agreement.full_clean()
    agreement._change_reason = "登记合作协议"
    agreement.save()
    return agreement


@transaction.atomic
def project_add(
    *,
    user,
    event: Event,
    name: str,
    landed_on: dt.date,
    investment: Decimal | None = None,
    enterprise=None,
    institute=None,
    engagement=None,
) -> LandedProject:
    errors = _check_outcome(user, event, engagement, enterprise, institute)
    if investment is not None and investment < 0:
        errors["investment"] = "投资额不能为负数。"
    if errors:
        raise ValidationError(errors)
    project = LandedProject(
        event=event,
        name=name.strip(),
        landed_on=landed_on,
        investment=investment,
        enterprise=enterprise,
        institute=institute,
        engagement=engagement,
        created_by=user,
    )
    project.full_clean()
    project._change_reason = "登记落地项目"
    project.save()
    return project


# --------------------------------------------------------------------------- yearly counts


def yearly_counts(user, year: int) -> list[dict]:
    """This year's figures against the targets, counted within what the user may see."""
    events = Event.objects.visible_to(user)
    agreements = Agreement.objects.visible_to(user).filter(event__in=events, signed_on__year=year).count()
    projects = LandedProject.objects.visible_to(user).filter(event__in=events, landed_on__year=year).count()
    held = events.filter(status=EventStatus.HELD, date__year=year)
    launches = held.filter(kind=EventKind.LAUNCH).count()
    # 企业走进院所 counts enterprise visits: each enterprise taking part in such an event.
    visits = EventParticipant.objects.filter(
        event__in=held.filter(kind=EventKind.ENTERPRISE_VISIT), organisation__kind=Organisation.Kind.ENTERPRISE
    ).count()
    values = {
        "agreements": agreements,
        "projects_landed": projects,
        "launch_events": launches,
        "enterprise_visits": visits,
    }
    rows = []
    for key, (label, target, unit) in YEARLY_TARGETS.items():
        value = values[key]
        answer = target_for(key, year)  # the dashboard's target data, when installed
        target = int(answer[0]) if answer is not None else target
        rows.append(
            {
                "key": key,
                "label": label,
                "value": value,
                "target": target,
                "unit": unit,
                "percent": min(100, round(value * 100 / target)) if target else 0,
            }
        )
    return rows
