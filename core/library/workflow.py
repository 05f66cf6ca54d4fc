"""Workflow pieces shared by the library records (demands, achievements, …): the owner object
role, the refusal check before publishing, the publish stamp and who hears about a status change."""

from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from core.notifications import notify_many
from core.registry import refusal_for

OWNER = "owner"
BUREAU = Role.BUREAU.value


def owner_roles(obj, user) -> set[str]:
    """Users of the owning unit hold the object role "owner"."""
    if user.is_authenticated and user.organisation_id and user.organisation_id == obj.owner_id:
        return {OWNER}
    return set()


def blacklist_error(obj, noun: str) -> str | None:
    """Why the owner may not publish (the unit blacklist, answered by the app that keeps it)."""
    return refusal_for(obj.owner, f"发布{noun}")


def mark_published(obj, user, data):
    obj.published_at = timezone.now()


def notify_status_change(obj, change, *, kind: str, noun: str, long_noun: str, labels: dict, own: str = ""):
    """Submitting tells the bureau's reviewers; any other change tells the owner's users
    (except whoever made it). `kind` prefixes the notification kind ("demand", "achievement")."""
    target = change.to_state
    label = labels.get(target, target)
    if target == "pending_review":
        notify_many(
            User.objects.with_role(BUREAU),
            f"{kind}_pending_review",
            obj,
            title=f"{long_noun}待审核：{obj.title}",
            body=f"{obj.owner} 提交了{noun}“{obj.title}”，请审核。",
        )
        return
    body = f"{own}{noun}“{obj.title}”状态变更为：{label}。"
    if change.comment:
        body += f"\n意见：{change.comment}"
    recipients = [u for u in obj.owner.users.filter(is_active=True) if u.pk != (change.actor_id or 0)]
    notify_many(recipients, f"{kind}_{target}", obj, title=f"{noun}{label}：{obj.title}", body=body)
