from django.urls import path

from . import views

app_name = "subsidies"

urlpatterns = [
    path("", views.index, name="index"),
    path("claims/", views.ClaimListView.as_view(), name="claim_list"),
    path("claims/new/", views.claim_create, name="claim_create"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/edit/", views.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/delete/", views.claim_delete, name="claim_delete"),
    path("claims/<int:pk>/transition/", views.claim_transition, name="claim_transition"),
    path("claims/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("claims/<int:pk>/disbursement-voucher/", views.disbursement_voucher, name="disbursement_voucher"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("review/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("contracts/", views.ContractListView.as_view(), name="contract_list"),
    path("contracts/new/", views.contract_create, name="contract_create"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/transition/", views.contract_transition, name="contract_transition"),
    path("contracts/<int:pk>/payments/new/", views.payment_create, name="payment_create"),
    path("payments/", views.PaymentListView.as_view(), name="payment_list"),
    path("payments/<int:pk>/transition/", views.payment_transition, name="payment_transition"),
    path("payments/<int:pk>/<str:which>/", views.payment_file, name="payment_file"),
    path("simulator/", views.simulator, name="simulator"),
    path("publicity/", views.PublicityView.as_view(), name="publicity"),
    path("publicity/publicize/", views.publicize_batch, name="publicize_batch"),
    path("ledger/", views.LedgerView.as_view(), name="ledger"),
    path("totals/", views.TotalsView.as_view(), name="totals"),
]
