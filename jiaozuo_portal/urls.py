from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from core import views as core_views

api_v1 = [
    path("", include("accounts.api.urls")),
    path("", include("core.api_urls")),
    path("", include("credit.api.urls")),
    path("", include("talents.api.urls")),
    path("", include("demands.api.urls")),
    path("", include("achievements.api.urls")),
    path("", include("matching.api.urls")),
    path("", include("engagements.api.urls")),
    path("", include("platforms.api.urls")),
    path("", include("subsidies.api.urls")),
    path("", include("events.api.urls")),
    path("", include("supervision.api.urls")),
    path("", include("dashboard.api.urls")),
]

urlpatterns = [
    path("", include("core.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("talents/", include("talents.urls")),
    path("demands/", include("demands.urls")),
    path("achievements/", include("achievements.urls")),
    path("matching/", include("matching.urls")),
    path("engagements/", include("engagements.urls")),
    path("platforms/", include("platforms.urls")),
    path("credit/", include("credit.urls")),
    path("subsidies/", include("subsidies.urls")),
    path("events/", include("events.urls")),
    path("supervision/", include("supervision.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    # Redoc styles itself with injected <style> elements (styled-components), which a nonce cannot
    # cover: that one page allows inline styles (no nonce, which would cancel it), and its search
    # worker, which Redoc starts from a blob: URL. Scripts stay our own files and the nonce.
    path(
        "api/redoc/",
        csp_replace({"style-src": [SELF, UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})(
            SpectacularRedocView.as_view(url_name="api-schema")
        ),
        name="api-redoc",
    ),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
