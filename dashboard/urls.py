from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="index"),
    path("print/", views.DashboardPrintView.as_view(), name="print"),
    path("export/", views.DashboardExportView.as_view(), name="export"),
    path("recorded/", views.RecordedFiguresView.as_view(), name="recorded"),
]
