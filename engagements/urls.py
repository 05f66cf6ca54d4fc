from django.urls import path

from . import views

app_name = "engagements"

urlpatterns = [
    path("", views.PipelineView.as_view(), name="pipeline"),
    path("list/", views.EngagementListView.as_view(), name="list"),
    path("export/", views.EngagementExportView.as_view(), name="export"),
    path("new/", views.EngagementCreateView.as_view(), name="create"),
    path("<int:pk>/", views.EngagementDetailView.as_view(), name="detail"),
]
