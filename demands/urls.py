from django.urls import path

from . import views

app_name = "demands"

urlpatterns = [
    path("", views.DemandListView.as_view(), name="list"),
    path("mine/", views.MyDemandListView.as_view(), name="mine"),
    path("review/", views.ReviewQueueView.as_view(), name="review"),
    path("new/", views.DemandFormView.as_view(), name="create"),
    path("export/", views.DemandExportView.as_view(), name="export"),
    path("import/", views.DemandImportView.as_view(), name="import"),
    path("import/template/", views.DemandImportTemplateView.as_view(), name="import_template"),
    path("batch/", views.DemandBatchView.as_view(), name="batch"),
    path("<int:pk>/", views.DemandDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.DemandFormView.as_view(), name="edit"),
    path("<int:pk>/transition/", views.DemandTransitionView.as_view(), name="transition"),
]
