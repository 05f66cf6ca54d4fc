from django.urls import NoReverseMatch, reverse

from .models import Notification
from .registry import nav_for


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"site_title": "焦作市院（校）地科技合作门户"}
    nav = []
    for item in nav_for(user):
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        nav.append({"label": item.label, "url": url, "icon": item.icon, "active": request.path.startswith(url)})
    return {
        "site_title": "焦作市院（校）地科技合作门户",
        "nav_items": nav,
        "unread_notifications": Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
    }
