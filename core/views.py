import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .library.pagination import LibraryPaginator
from .models import Notification, NotificationPreference, ReminderLog
from .redirects import safe_next_url
from .registry import home_cards_for, todos_for
from .reminders import job_labels, jobs, upcoming


@login_required
def home(request):
    """Each role's home page: the to-do list (a count and a link per queue), then each app's cards."""
    return render(request, "core/home.html", {"todos": todos_for(request.user), "cards": home_cards_for(request.user)})


@login_required
def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user)
    if request.GET.get("unread"):
        notifications = notifications.filter(read_at__isnull=True)
    page = LibraryPaginator(notifications, 20).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page_obj": page, "querystring": ""})


@login_required
@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    if notification.url and request.POST.get("follow"):
        # Links are written by the apps, but never follow one off this site.
        return redirect(safe_next_url(request, reverse("core:notifications"), value=notification.url))
    return redirect("core:notifications")


@login_required
@require_POST
def notification_read_all(request):
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("core:notifications")


@never_cache
def healthz(request):
    """Database and broker status as JSON; 503 when one is down."""
    from django.conf import settings

    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # report, don't raise: this is the health endpoint
        checks["database"] = f"down: {exc.__class__.__name__}"
    eager = bool(settings.CELERY_TASK_ALWAYS_EAGER)
    if eager:
        checks["broker"] = "eager"
    else:
        checks["broker"] = _broker_status(settings.CELERY_BROKER_URL)
    healthy = checks["database"] == "ok" and checks["broker"] in ("ok", "eager")
    body = {
        "status": "ok" if healthy else "down",
        "database": checks["database"],
        "broker": checks["broker"],
        "celery_eager": eager,
    }
    if checks["database"] == "ok":
        from .outbox import pending_count

        # Tasks written while the broker was down, waiting for it (core/outbox.py).
        try:
            body["outbox_pending"] = pending_count()
        except Exception as exc:  # e.g. a database without this project's tables
            body["outbox_pending"] = f"unknown: {exc.__class__.__name__}"
    if eager:
        body["note"] = "未配置消息队列（REDIS_URL），Celery 任务在请求内同步执行。"
    return JsonResponse(body, status=200 if healthy else 503, json_dumps_params={"ensure_ascii": False})


def _broker_status(url: str) -> str:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        return "ok"
    except Exception as exc:
        return f"down: {exc.__class__.__name__}"


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else "您没有访问此页面的权限。"
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


UPCOMING_DAYS = 92


@login_required
def reminder_list(request):
    """Upcoming (next three months) and sent scheduled reminders: the bureau sees everyone's,
    others their own. The user's own email / in-app choice is set here too."""
    user = request.user
    today = timezone.localdate()
    labels = job_labels()
    planned = upcoming(today, today + dt.timedelta(days=UPCOMING_DAYS))
    if not user.is_bureau:
        planned = [p for p in planned if user.pk in p.recipient_ids]
    sent = ReminderLog.objects.select_related("recipient")
    if not user.is_bureau:
        sent = sent.filter(recipient=user)
    kind = request.GET.get("kind", "")
    if kind in labels:
        sent = sent.filter(kind=kind)
        planned = [p for p in planned if p.kind == kind]
    page = LibraryPaginator(sent, 20).get_page(request.GET.get("page"))
    preference = NotificationPreference.objects.filter(user=user).first()
    return render(
        request,
        "core/reminders.html",
        {
            "jobs": jobs(),
            "labels": labels,
            "kind": kind,
            "planned": [(p, labels.get(p.kind, p.kind), len(p.recipient_ids)) for p in planned[:200]],
            "planned_total": len(planned),
            "page_obj": page,
            "querystring": f"kind={kind}" if kind else "",
            "channel": preference.channel if preference else NotificationPreference.Channel.EMAIL,
            "channels": NotificationPreference.Channel.choices,
            "days": UPCOMING_DAYS,
        },
    )


@login_required
@require_POST
def notification_preference(request):
    channel = request.POST.get("channel", "")
    if channel not in NotificationPreference.Channel.values:
        messages.error(request, "请选择提醒方式：站内通知并发送邮件，或仅站内通知。")
    else:
        NotificationPreference.objects.update_or_create(user=request.user, defaults={"channel": channel})
        messages.success(request, f"提醒方式已设为“{NotificationPreference.Channel(channel).label}”。")
    return redirect(safe_next_url(request, reverse("core:reminders")))
