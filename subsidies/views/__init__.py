"""Pages of the subsidies app, one module per sub-area. Every query starts from
Model.objects.visible_to(user). urls.py refers to the views through this package."""

from .claims import (
    ClaimListView,
    ReviewQueueView,
    attachment_delete,
    attachment_upload,
    claim_create,
    claim_delete,
    claim_detail,
    claim_edit,
    claim_transition,
    index,
)
from .contracts import ContractListView, contract_create, contract_detail, contract_transition
from .files import attachment_download, disbursement_voucher, payment_file
from .ledger import LedgerView, TotalsView, totals_for
from .payments import PaymentListView, payment_create, payment_transition
from .publicity import PublicityView, publicize_batch
from .simulator import simulator

__all__ = [
    "ClaimListView",
    "ContractListView",
    "LedgerView",
    "PaymentListView",
    "PublicityView",
    "ReviewQueueView",
    "TotalsView",
    "attachment_delete",
    "attachment_download",
    "attachment_upload",
    "claim_create",
    "claim_delete",
    "claim_detail",
    "claim_edit",
    "claim_transition",
    "contract_create",
    "contract_detail",
    "contract_transition",
    "disbursement_voucher",
    "index",
    "payment_create",
    "payment_file",
    "payment_transition",
    "publicize_batch",
    "simulator",
    "totals_for",
]
