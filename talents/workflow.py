"""The talent workflows as data for `core.workflow`, registered in TalentsConfig.ready().

- a talent record: 草稿 → 待甄别 → 已入库, 归档 and 恢复;
- a talent's own correction (sent through a signed link): 待审核 → 已采纳 (applied to the
  record) or 未采纳, decided by the liaison of the talent's county (or the bureau).

Object role "owner": a liaison of the talent's native county.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.roles import Role
from core.notifications import notify, notify_many
from core.workflow import Transition, TransitionError, Workflow

from .forms import CORRECTABLE_FIELDS
from .models import TalentCorrection, TalentStatus
from .services import find_duplicates, rescreen_after_edit

OWNER = "owner"
S = TalentStatus
C = TalentCorrection.State


def county_liaison_roles(talent, user) -> set[str]:
    if user.is_authenticated and user.is_liaison and user.county_id and user.county_id == talent.native_county_id:
        return {OWNER}
    return set()


# --------------------------------------------------------------------------- talent records


def no_open_duplicates(talent, user, data):
    if find_duplicates(talent):
        return "该记录仍有疑似重复记录：请先合并，或确认不是同一人后再入库。"
    return None


def talent_after(talent, change):
    if change.from_state == S.ADMITTED and change.to_state == S.SCREENING and change.actor_id:
        actor = change.actor
        if not actor.is_bureau:
            notify_many(
                get_user_model().objects.with_role(Role.BUREAU),
                "talent_rescreening",
                talent,
                title=f"人才记录“{talent.name}”待重新甄别",
                body=f"{actor.organisation or actor}：{change.comment}",
            )
    if change.to_state in (S.ADMITTED, S.DRAFT) and talent.created_by_id:
        verb = "已入库" if change.to_state == S.ADMITTED else "被退回修改"
        notify(
            talent.created_by,
            f"talent_{change.to_state}",
            talent,
            title=f"人才记录“{talent.name}”{verb}",
            body=change.comment,
        )


TALENT_WORKFLOW = Workflow(
    name="talent",
    labels=dict(S.choices),
    roles_of=county_liaison_roles,
    after=talent_after,
    # 已归档 can be restored (恢复), so no state of a talent record is final.
    transitions=[
        Transition(S.DRAFT, S.SCREENING, frozenset({Role.BUREAU, OWNER}), "提交甄别"),
        Transition(S.SCREENING, S.ADMITTED, frozenset({Role.BUREAU}), "确认入库", check=no_open_duplicates),
        Transition(S.SCREENING, S.DRAFT, frozenset({Role.BUREAU}), "退回修改", comment_required=True),
        # The bureau re-screens a record; a county liaison's edit of an admitted record sends it
        # back here by itself (talents.services.rescreen_after_edit).
        Transition(S.ADMITTED, S.SCREENING, frozenset({Role.BUREAU, OWNER}), "重新甄别", comment_required=True),
        Transition(
            (S.DRAFT, S.SCREENING, S.ADMITTED),
            S.ARCHIVED,
            frozenset({Role.BUREAU, OWNER}),
            "归档",
            comment_required=True,
        ),
        Transition(S.ARCHIVED, S.SCREENING, frozenset({Role.BUREAU}), "恢复", comment_required=True),
    ],
)


# --------------------------------------------------------------------------- corrections


def correction_roles(correction, user) -> set[str]:
    return county_liaison_roles(correction.talent, user)


def talent_open(correction, user, data):
    if correction.talent.status == S.ARCHIVED:
        return "该人才记录已归档，不能再审核更正。"
    return None


def stamp_decision(correction, user):
    correction.decided_by = user
    correction.decided_at = timezone.now()


def apply_correction(correction, user, data):
    """Write the proposed values into the talent record and reset its two-yearly clock."""
    talent = correction.talent
    for name, value in correction.changes.items():
        if name in CORRECTABLE_FIELDS:
            setattr(talent, name, value)
    try:
        talent.full_clean(exclude=["industries"])
    except ValidationError as exc:
        raise TransitionError("更正内容未通过校验：" + "；".join(exc.messages), code="condition") from None
    talent.mark_verified()
    talent._change_reason = "采纳本人更正"
    talent.save()
    stamp_decision(correction, user)
    rescreen_after_edit(talent, user, "采纳了本人更正")


def apply_rejection(correction, user, data):
    stamp_decision(correction, user)


CORRECTION_WORKFLOW = Workflow(
    name="talent_correction",
    state_field="state",
    labels=dict(C.choices),
    roles_of=correction_roles,
    final_states=frozenset({C.APPROVED, C.REJECTED}),
    transitions=[
        Transition(
            C.PENDING, C.APPROVED, frozenset({Role.BUREAU, OWNER}), "采纳", check=talent_open, apply=apply_correction
        ),
        Transition(
            C.PENDING, C.REJECTED, frozenset({Role.BUREAU, OWNER}), "不采纳", check=talent_open, apply=apply_rejection
        ),
    ],
)
