"""Who acted: credit history rows written outside a request (workflow, services, tasks, imports)
to the person they act for, so a change is never shown as "系统" when someone made it."""

from contextlib import contextmanager
from types import SimpleNamespace

from simple_history.models import HistoricalRecords


@contextmanager
def acting_as(user):
    """Credit history rows saved inside this block to `user` (outside a request, or for another user).

    simple-history reads the user from the request its middleware stores in
    `HistoricalRecords.context`; we store a stand-in with `.user` and put back what was there.
    """
    context = HistoricalRecords.context
    had_request = hasattr(context, "request")
    previous = getattr(context, "request", None)
    if user is not None and getattr(user, "is_authenticated", False):
        context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if had_request:
            context.request = previous
        elif hasattr(context, "request"):
            del context.request
