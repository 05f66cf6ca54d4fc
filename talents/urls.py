from django.urls import path

from . import views

app_name = "talents"

urlpatterns = [
    path("", views.TalentListView.as_view(), name="list"),
    path("new/", views.TalentCreateView.as_view(), name="create"),
    path("export/", views.TalentExportView.as_view(), name="export"),
    path("template/", views.TemplateDownloadView.as_view(), name="template"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("screening/", views.ScreeningQueueView.as_view(), name="screening"),
    path("screening/admit/", views.ScreeningAdmitView.as_view(), name="screening_admit"),
    path("progress/", views.ProgressView.as_view(), name="progress"),
    path("progress/targets/", views.CountyTargetsView.as_view(), name="targets"),
    path("r/<str:token>/", views.SelfRefreshView.as_view(), name="self_refresh"),
    path("<int:pk>/", views.TalentDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.TalentUpdateView.as_view(), name="update"),
    path("<int:pk>/transition/", views.TalentTransitionView.as_view(), name="transition"),
    path("<int:pk>/confirm/", views.TalentConfirmView.as_view(), name="confirm"),
    path("<int:pk>/link/", views.TalentLinkView.as_view(), name="link"),
    path("<int:pk>/corrections/<int:correction_pk>/", views.CorrectionDecideView.as_view(), name="correction_decide"),
    path("<int:pk>/merge/<int:other_pk>/", views.MergeView.as_view(), name="merge"),
]
