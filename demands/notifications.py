"""Notifications about demands outside the workflow (expiry)."""

from core.notifications import notify


def owner_users(demand):
    return list(demand.owner.users.filter(is_active=True))


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
