from django.urls import NoReverseMatch, reverse

from .models import Notification
from .registry import NAV_SECTIONS, nav_for


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"site_title": "焦作市院（校）地科技合作门户"}
    return {
        "site_title": "焦作市院（校）地科技合作门户",
        "nav_sections": _nav_sections(request, user),
        "unread_notifications": Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
    }


def _nav_sections(request, user) -> list[dict]:
    """The user's nav entries grouped into sections (see NAV_SECTIONS), in registration order."""
    sections: dict[str, dict] = {}
    for item in nav_for(user):
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        namespace = item.url_name.split(":", 1)[0]
        label, icon = NAV_SECTIONS.get(namespace, (item.label, item.icon))
        section = sections.setdefault(label, {"label": label, "icon": icon, "items": [], "active": False})
        active = request.path.startswith(url) and url != "/"
        section["items"].append({"label": item.label, "url": url, "icon": item.icon, "active": active})
        section["active"] = section["active"] or active
    return list(sections.values())
