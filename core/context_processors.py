from functools import cache, lru_cache

from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from .models import Notification
from .registry import NAV_SECTIONS, nav_for

SITE_TITLE = "焦作市院（校）地科技合作门户"


def portal(request):
    """The navbar of base.html. Both entries are callables, so a template that does not show the
    navbar (an e-mail, a fragment) costs no query and no rendering."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"site_title": SITE_TITLE}
    return {
        "site_title": SITE_TITLE,
        "main_nav": lambda: main_nav(request.path, user),
        "unread_notifications": lambda: unread_count(user),
    }


def unread_count(user) -> int:
    """Loaded with the signed-in user (accounts.backends) when it can be; otherwise one query."""
    count = getattr(user, "unread_notifications", None)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    return count


def main_nav(path: str, user) -> str:
    """The user's menu with the entry for `path` marked active. Menus differ only by role and by
    the active entry, so each one is rendered once per process (the registry is fixed at start)."""
    items = []
    for item in nav_for(user):
        url = _nav_url(item.url_name)
        if url is not None:
            items.append((item.url_name, item.label, url, item.icon))
    active = max((url for _, _, url, _ in items if url != "/" and path.startswith(url)), key=len, default="")
    return _render_nav(tuple(items), active)


@cache
def _nav_url(url_name: str) -> str | None:
    """Menu entries name URLs without arguments: each is reversed once per process."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


@lru_cache(maxsize=512)
def _render_nav(items: tuple, active: str) -> str:
    """Entries grouped into sections (see NAV_SECTIONS), in registration order."""
    sections: dict[str, dict] = {}
    for url_name, item_label, url, item_icon in items:
        namespace = url_name.split(":", 1)[0]
        label, icon = NAV_SECTIONS.get(namespace, (item_label, item_icon))
        section = sections.setdefault(label, {"label": label, "icon": icon, "items": [], "active": False})
        is_active = bool(active) and url == active
        section["items"].append({"label": item_label, "url": url, "icon": item_icon, "active": is_active})
        section["active"] = section["active"] or is_active
    return render_to_string("core/_nav.html", {"nav_sections": list(sections.values())})
