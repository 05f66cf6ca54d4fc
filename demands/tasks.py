from celery import shared_task


@shared_task(name="demands.tasks.expire_demands")
def expire_demands() -> int:
    """Daily: expired demands are off the public list (a query filter); tell each owner once."""
    from .services import notify_expired_demands

    return notify_expired_demands()
