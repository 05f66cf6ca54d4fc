"""The client's address, behind as many reverse proxies as settings.TRUSTED_PROXY_COUNT says.

Each proxy appends the address it received the request from to X-Forwarded-For, so with N
proxies of ours in front, the client is the N-th entry from the right; everything left of it was
written by the client and is not trusted. With no proxy configured the header is ignored.
Used by the login lock-out (django-axes) and the rate limits of anonymous pages.
"""

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]
