from django.urls import path

from . import views

app_name = "achievements"

urlpatterns = [
    path("", views.AchievementListView.as_view(), name="list"),
    path("mine/", views.MyAchievementListView.as_view(), name="mine"),
    path("review/", views.ReviewQueueView.as_view(), name="review"),
    path("new/", views.AchievementFormView.as_view(), name="create"),
    path("export/", views.AchievementExportView.as_view(), name="export"),
    path("import/", views.AchievementImportView.as_view(), name="import"),
    path("import/template/", views.AchievementImportTemplateView.as_view(), name="import_template"),
    path("batch/", views.AchievementBatchView.as_view(), name="batch"),
    path("<int:pk>/", views.AchievementDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.AchievementFormView.as_view(), name="edit"),
    path("<int:pk>/transition/", views.AchievementTransitionView.as_view(), name="transition"),
    path("<int:pk>/attachments/", views.AttachmentUploadView.as_view(), name="attachment_upload"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/", views.AttachmentDownloadView.as_view(), name="attachment_download"
    ),
    path(
        "<int:pk>/attachments/<int:attachment_id>/delete/",
        views.AttachmentDeleteView.as_view(),
        name="attachment_delete",
    ),
]
