"""Multi-step operations on demands, called by pages, the API and tasks alike."""

from .models import PUBLIC_STATES, Demand
from .notifications import demand_expired


def notify_expired_demands() -> int:
    """Notify owners of public demands whose validity has passed; idempotent (dedupe key per date).

    Expiry itself needs no state change: `visible_to()` and `published()` already leave
    expired demands out, so the public list is right even if this task has not run yet.
    Returns the number of demands found expired.
    """
    expired = Demand.objects.filter(status__in=PUBLIC_STATES).expired().select_related("owner")
    count = 0
    for demand in expired.iterator(chunk_size=500):
        demand_expired(demand)
        count += 1
    return count
