"""Who hears about an achievement's status change."""

from core.notifications import notify_many

from .workflow import LABELS


def achievement_status_changed(achievement, change):
    target = change.to_state
    label = LABELS.get(target, target)
    if target == "pending_review":
        from accounts.models import User

        reviewers = User.objects.with_role("bureau")
        notify_many(
            reviewers,
            "achievement_pending_review",
            achievement,
            title=f"科技成果待审核：{achievement.title}",
            body=f"{achievement.owner} 提交了成果“{achievement.title}”，请审核。",
        )
        return
    body = f"成果“{achievement.title}”状态变更为：{label}。"
    if change.comment:
        body += f"\n意见：{change.comment}"
    recipients = [u for u in achievement.owner.users.filter(is_active=True) if u.pk != (change.actor_id or 0)]
    notify_many(recipients, f"achievement_{target}", achievement, title=f"成果{label}：{achievement.title}", body=body)
