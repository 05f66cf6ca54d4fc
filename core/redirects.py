"""Where to go after a form POST: the `next` the page sent, but only when it stays on this site.

A `next` such as `https://evil.example/` or `//evil.example/` would turn a portal button into an
open redirect (a phishing link that starts on the government domain); such values are ignored.
"""

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, fallback: str, *, value: str | None = None) -> str:
    """`value` (default: POST/GET `next`) when it is a same-site URL, else `fallback`."""
    candidate = value if value is not None else (request.POST.get("next") or request.GET.get("next") or "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def redirect_next(request, fallback, *args, **kwargs):
    """redirect() to a safe `next`, else to `fallback` (a URL, URL name or model, as redirect() takes)."""
    target = safe_next_url(request, "")
    return redirect(target) if target else redirect(fallback, *args, **kwargs)
