from celery import shared_task

from .services import notify_expired_demands


@shared_task(name="demands.tasks.expire_demands")
def expire_demands() -> int:
    """Daily: expired demands are off the public list (a query filter); tell each owner once."""
    return notify_expired_demands()
