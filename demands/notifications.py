"""Who hears about a demand's status change."""

from core.notifications import notify, notify_many

from .workflow import LABELS


def owner_users(demand):
    return list(demand.owner.users.filter(is_active=True))


def demand_status_changed(demand, change):
    target = change.to_state
    label = LABELS.get(target, target)
    if target == "pending_review":
        from accounts.models import User

        reviewers = User.objects.with_role("bureau")
        notify_many(
            reviewers,
            "demand_pending_review",
            demand,
            title=f"企业需求待审核：{demand.title}",
            body=f"{demand.owner} 提交了需求“{demand.title}”，请审核。",
        )
        return
    body = f"您的需求“{demand.title}”状态变更为：{label}。"
    if change.comment:
        body += f"\n意见：{change.comment}"
    recipients = [u for u in owner_users(demand) if u.pk != (change.actor_id or 0)]
    notify_many(recipients, f"demand_{target}", demand, title=f"需求{label}：{demand.title}", body=body)


def demand_expired(demand):
    """Tell the owner once per validity date that the demand left the public list."""
    for user in owner_users(demand):
        notify(
            user,
            "demand_expired",
            demand,
            title=f"需求已过有效期：{demand.title}",
            body=f"您的需求“{demand.title}”已于 {demand.valid_until:%Y-%m-%d} 到期，已从公开需求库下架；"
            "如仍需对接，请联系市科技局延长有效期。",
            dedupe_key=f"demand-expired:{demand.pk}:{demand.valid_until:%Y-%m-%d}",
        )
