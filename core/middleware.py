"""Request-level guards: body size, Chinese error pages in development, staff idle sign-out."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

TOO_LARGE = "请求内容过大（上限 {limit} MB）。请压缩或拆分文件后再上传。"


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.META.get("HTTP_ACCEPT", "")


class RequestSizeLimitMiddleware:
    """Refuse a body larger than REQUEST_MAX_BYTES with a Chinese 413, before it is read or spooled
    to disk. The reverse proxy should enforce the same limit (client_max_body_size)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.REQUEST_MAX_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            message = TOO_LARGE.format(limit=limit // (1024 * 1024))
            if _wants_json(request):
                return JsonResponse({"detail": message}, status=413, json_dumps_params={"ensure_ascii": False})
            body = f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>请求过大</title><h1>413 请求过大</h1><p>{message}</p></html>'
            return HttpResponse(body, status=413, content_type="text/html; charset=utf-8")
        return self.get_response(request)


class ChineseErrorPagesMiddleware:
    """Under DEBUG=True Django answers an unknown URL with its English debug page listing every URL
    pattern, and an error with a traceback page; the portal shows its own Chinese pages in every
    mode (the traceback still goes to the console log). API answers (JSON) are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not settings.DEBUG or response.status_code not in (404, 500) or getattr(response, "streaming", False):
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        if response.status_code == 404:
            return render(request, "404.html", status=404)
        return render(request, "500.html", status=500)


SEEN_KEY = "_staff_last_seen"


def is_staff_user(user) -> bool:
    """Government staff: bureau, county liaisons, leaders and administrators."""
    return user.is_authenticated and (user.is_staff or user.is_bureau or user.is_liaison or user.is_leader)


class StaffIdleTimeoutMiddleware:
    """Staff sessions end after STAFF_SESSION_IDLE_SECONDS without a request (30 minutes).

    The last-seen time is written at most once a minute, so a busy page costs no session write
    per request; the session's own expiry follows it, so an idle cookie dies in the store too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and is_staff_user(user) and hasattr(request, "session"):
            idle = settings.STAFF_SESSION_IDLE_SECONDS
            now = int(time.time())
            last = request.session.get(SEEN_KEY)
            if last is not None and now - last > idle:
                logout(request)
                if _wants_json(request):
                    return JsonResponse(
                        {"detail": "长时间未操作，已自动退出登录，请重新登录。"},
                        status=401,
                        json_dumps_params={"ensure_ascii": False},
                    )
                login = reverse(settings.LOGIN_URL)
                return redirect(f"{login}?{urlencode({'next': request.get_full_path(), 'idle': 1})}")
            if last is None or now - last >= 60:
                request.session[SEEN_KEY] = now
                request.session.set_expiry(idle + 60)
        return self.get_response(request)
