from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("ledger/", views.LedgerListView.as_view(), name="ledger_list"),
    path("ledger/export/", views.LedgerExportView.as_view(), name="ledger_export"),
    path("ledger/new/", views.LedgerCreateView.as_view(), name="ledger_create"),
    path("ledger/<int:pk>/", views.LedgerDetailView.as_view(), name="ledger_detail"),
    path("ledger/<int:pk>/edit/", views.LedgerEditView.as_view(), name="ledger_edit"),
    path("ledger/<int:pk>/evidence/", views.EvidenceDownloadView.as_view(), name="ledger_evidence"),
    path("tasks/", views.TaskListView.as_view(), name="task_list"),
    path("tasks/new/", views.TaskCreateView.as_view(), name="task_create"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task_detail"),
    path("records/", views.RecordListView.as_view(), name="record_list"),
    path("records/new/", views.RecordCreateView.as_view(), name="record_create"),
    path("awards/", views.AwardView.as_view(), name="awards"),
]
