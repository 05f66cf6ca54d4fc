from django.urls import path

from . import views

app_name = "credit"

urlpatterns = [
    path("", views.CreditRecordListView.as_view(), name="list"),
    path("new/", views.CreditRecordFormView.as_view(), name="create"),
    path("export/", views.CreditRecordExportView.as_view(), name="export"),
    path("<int:pk>/", views.CreditRecordDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.CreditRecordFormView.as_view(), name="edit"),
]
