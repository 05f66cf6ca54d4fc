from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("export/", views.EventExportView.as_view(), name="export"),
    path("new/", views.EventCreateView.as_view(), name="create"),
    path("<int:pk>/", views.EventDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.EventEditView.as_view(), name="edit"),
    path("<int:pk>/signup/", views.SignupView.as_view(), name="signup"),
    path("<int:pk>/agreements/", views.AgreementCreateView.as_view(), name="agreement_create"),
    path("<int:pk>/projects/", views.ProjectCreateView.as_view(), name="project_create"),
]
