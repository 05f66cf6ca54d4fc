from django.urls import path

from . import views

app_name = "platforms"

urlpatterns = [
    path("", views.PlatformListView.as_view(), name="list"),
    path("new/", views.PlatformFormView.as_view(), name="create"),
    path("export/", views.PlatformExportView.as_view(), name="export"),
    path("import/", views.PlatformImportView.as_view(), name="import"),
    path("import/template/", views.PlatformImportTemplateView.as_view(), name="import_template"),
    path("instruments/", views.InstrumentListView.as_view(), name="instruments"),
    path("<int:pk>/", views.PlatformDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.PlatformFormView.as_view(), name="edit"),
    path("<int:pk>/transition/", views.PlatformTransitionView.as_view(), name="transition"),
    path("<int:pk>/instruments/new/", views.InstrumentFormView.as_view(), name="instrument_create"),
    path("<int:pk>/instruments/<int:instrument_pk>/edit/", views.InstrumentFormView.as_view(), name="instrument_edit"),
    path(
        "<int:pk>/instruments/<int:instrument_pk>/delete/",
        views.InstrumentDeleteView.as_view(),
        name="instrument_delete",
    ),
]
