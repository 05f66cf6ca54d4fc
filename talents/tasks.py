from celery import shared_task

from .services import mark_refresh_due as run


@shared_task(name="talents.tasks.mark_refresh_due")
def mark_refresh_due() -> int:
    """Daily: mark records whose two-yearly refresh has come and notify each county's liaisons
    once per batch (idempotent: a second run the same day finds nothing new and notify() dedupes)."""
    return run()
