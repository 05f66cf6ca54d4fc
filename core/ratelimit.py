"""A fixed-window limit per client address for anonymous pages that write (registration, the
talent's self-service link), counted in the cache (Redis in production).

    @method_decorator(ratelimit("register", methods=("POST",)), name="dispatch")

Limits live in settings.RATELIMITS as name → (requests, seconds). A cache that is down never
blocks a visitor: the request goes through and the failure is logged.
"""

import functools
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from .net import client_ip

log = logging.getLogger(__name__)

MESSAGE = "操作过于频繁，请稍后再试。"


def hit(name: str, key: str) -> bool:
    """Count one request; True while within the limit."""
    limit, window = settings.RATELIMITS[name]
    bucket = f"ratelimit:{name}:{key}:{int(time.time()) // window}"
    try:
        if cache.add(bucket, 1, timeout=window + 5):
            return True
        return cache.incr(bucket) <= limit
    except Exception:  # the cache is an optimisation here, never a reason to refuse
        log.warning("rate limit cache unavailable; letting %s through", name, exc_info=True)
        return True


def ratelimit(name: str, methods: tuple[str, ...] = ("GET", "POST")):
    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and not hit(name, client_ip(request) or "unknown"):
                response = render(request, "429.html", {"message": MESSAGE}, status=429)
                response["Retry-After"] = str(settings.RATELIMITS[name][1])
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
