"""A unit's verification as data for `core.workflow`: 待核验 → 已核验 / 核验未通过.

Registered in AccountsConfig.ready(). Verifying a unit switches on the accounts that were
waiting for it (self-registration), never one the bureau deliberately switched off."""

from django.utils import timezone

from core.notifications import notify_many
from core.workflow import Transition, Workflow

from .models import Organisation
from .roles import Role

V = Organisation.Verification


def apply_verified(org, user, data):
    org.verified_at = timezone.now()
    org.verified_by = user
    waiting = org.users.filter(awaiting_verification=True)
    data["activated"] = waiting.filter(is_active=False).count()
    waiting.update(is_active=True, awaiting_verification=False)


def apply_rejected(org, user, data):
    org.verified_at = None
    org.verified_by = None


def after_change(org, change):
    if change.to_state == V.VERIFIED:
        notify_many(
            org.users.filter(is_active=True),
            "organisation_verified",
            org,
            title=f"单位“{org.name}”已通过核验",
            body="贵单位已通过市科技局核验，账号可以正常使用。",
            url="/",
        )


VERIFICATION_WORKFLOW = Workflow(
    name="organisation_verification",
    state_field="verification_status",
    labels=dict(V.choices),
    after=after_change,
    transitions=[
        Transition((V.PENDING, V.REJECTED), V.VERIFIED, frozenset({Role.BUREAU}), "核验通过", apply=apply_verified),
        Transition(
            V.PENDING, V.REJECTED, frozenset({Role.BUREAU}), "核验不通过", comment_required=True, apply=apply_rejected
        ),
        Transition(
            V.VERIFIED, V.PENDING, frozenset({Role.BUREAU}), "撤销核验", comment_required=True, apply=apply_rejected
        ),
    ],
)
