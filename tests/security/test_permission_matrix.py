"""The permission matrix: every URL pattern of every app × nine personas, GET.

For each (route, record) the expected status per persona, in PERSONAS order. 302 for anonymous
pages is the login redirect; 403 for anonymous API calls; 405 where the path only takes POST
(GET never changes state). Every response body (HTML, JSON, and the cells of xlsx exports) is
also searched for data the persona must never receive: talent contacts outside the liaison's
county, anybody's draft, masked demand/achievement contacts.

A new URL pattern fails `test_every_route_is_in_the_matrix` until someone decides who may see it.
"""

import io

import openpyxl
import pytest
from rest_framework.test import APIClient

from . import conftest as w
from .routes import all_routes, url_for

PERSONAS = [
    "anonymous",
    "bureau",
    "liaison_wenxian",
    "liaison_qinyang",
    "owner",
    "other_enterprise",
    "institute",
    "leader",
    "inactive",
]

# (url name, variant): expected GET status per persona. Variant 0 is the published record /
# the 温县 talent / a submitted claim; variant 1 the draft record / the 沁阳 talent / a draft claim.
MATRIX = {
    ("core:home", 0): "302 200 200 200 200 200 200 200 302",
    ("core:notifications", 0): "302 200 200 200 200 200 200 200 302",
    ("core:notification_read", 0): "302 405 405 405 405 405 405 405 302",
    ("core:notification_read", 1): "302 405 405 405 405 405 405 405 302",
    ("core:notification_read_all", 0): "302 405 405 405 405 405 405 405 302",
    ("accounts:login", 0): "200 302 302 302 302 302 302 302 200",
    ("accounts:logout", 0): "405 405 405 405 405 405 405 405 405",
    ("accounts:password_change", 0): "302 200 200 200 200 200 200 200 302",
    ("accounts:organisation_list", 0): "302 200 403 403 403 403 403 403 302",
    ("accounts:register", 0): "200 302 302 302 302 302 302 302 200",
    ("accounts:institute_create", 0): "302 200 403 403 403 403 403 403 302",
    ("accounts:institute_edit", 0): "302 200 403 403 403 403 403 403 302",
    ("accounts:institute_edit", 1): "302 200 403 403 403 403 403 403 302",
    ("accounts:organisation_verify", 0): "302 405 403 403 403 403 403 403 302",
    ("accounts:organisation_verify", 1): "302 405 403 403 403 403 403 403 302",
    ("talents:list", 0): "302 200 200 200 200 200 200 403 302",
    ("talents:create", 0): "302 200 200 200 403 403 403 403 302",
    ("talents:export", 0): "302 200 200 200 403 403 403 403 302",
    ("talents:template", 0): "302 200 200 200 403 403 403 403 302",
    ("talents:import", 0): "302 200 200 200 403 403 403 403 302",
    ("talents:screening", 0): "302 200 403 403 403 403 403 403 302",
    ("talents:screening_admit", 0): "302 405 403 403 403 403 403 403 302",
    ("talents:progress", 0): "302 200 200 200 403 403 403 200 302",
    ("talents:targets", 0): "302 200 403 403 403 403 403 403 302",
    ("talents:self_refresh", 0): "410 410 410 410 410 410 410 410 410",
    ("talents:self_refresh", 1): "410 410 410 410 410 410 410 410 410",
    ("talents:detail", 0): "302 200 200 404 200 200 200 403 302",
    ("talents:detail", 1): "302 200 404 200 200 200 200 403 302",
    ("talents:update", 0): "302 200 200 404 403 403 403 403 302",
    ("talents:update", 1): "302 200 404 200 403 403 403 403 302",
    ("talents:transition", 0): "302 405 405 405 403 403 403 403 302",
    ("talents:transition", 1): "302 405 405 405 403 403 403 403 302",
    ("talents:confirm", 0): "302 405 405 405 403 403 403 403 302",
    ("talents:confirm", 1): "302 405 405 405 403 403 403 403 302",
    ("talents:link", 0): "302 405 405 405 403 403 403 403 302",
    ("talents:link", 1): "302 405 405 405 403 403 403 403 302",
    ("talents:correction_decide", 0): "302 405 405 405 403 403 403 403 302",
    ("talents:correction_decide", 1): "302 405 405 405 403 403 403 403 302",
    ("talents:merge", 0): "302 200 403 403 403 403 403 403 302",
    ("talents:merge", 1): "302 200 403 403 403 403 403 403 302",
    ("demands:list", 0): "302 200 200 200 200 200 200 200 302",
    ("demands:mine", 0): "302 200 403 403 200 200 403 403 302",
    ("demands:review", 0): "302 200 403 403 403 403 403 403 302",
    ("demands:create", 0): "302 200 403 403 200 200 403 403 302",
    ("demands:export", 0): "302 200 200 200 200 200 200 200 302",
    ("demands:import", 0): "302 200 403 403 200 200 403 403 302",
    ("demands:import_template", 0): "302 200 403 403 200 200 403 403 302",
    ("demands:batch", 0): "302 405 403 403 403 403 403 403 302",
    ("demands:detail", 0): "302 200 200 200 200 200 200 200 302",
    ("demands:detail", 1): "302 200 404 404 200 404 404 404 302",
    ("demands:edit", 0): "302 200 403 403 403 403 403 403 302",
    ("demands:edit", 1): "302 200 404 404 200 404 404 404 302",
    ("demands:transition", 0): "302 405 405 405 405 405 405 405 302",
    ("demands:transition", 1): "302 405 405 405 405 405 405 405 302",
    ("achievements:list", 0): "302 200 200 200 200 200 200 200 302",
    ("achievements:mine", 0): "302 200 403 403 403 403 200 403 302",
    ("achievements:review", 0): "302 200 403 403 403 403 403 403 302",
    ("achievements:create", 0): "302 200 403 403 403 403 200 403 302",
    ("achievements:export", 0): "302 200 200 200 200 200 200 200 302",
    ("achievements:import", 0): "302 200 403 403 403 403 200 403 302",
    ("achievements:import_template", 0): "302 200 403 403 403 403 200 403 302",
    ("achievements:batch", 0): "302 405 403 403 403 403 403 403 302",
    ("achievements:detail", 0): "302 200 200 200 200 200 200 200 302",
    ("achievements:detail", 1): "302 200 404 404 404 404 200 404 302",
    ("achievements:edit", 0): "302 200 403 403 403 403 403 403 302",
    ("achievements:edit", 1): "302 200 404 404 404 404 200 404 302",
    ("achievements:transition", 0): "302 405 405 405 405 405 405 405 302",
    ("achievements:transition", 1): "302 405 405 405 405 405 405 405 302",
    ("achievements:attachment_upload", 0): "302 405 405 405 405 405 405 405 302",
    ("achievements:attachment_upload", 1): "302 405 405 405 405 405 405 405 302",
    ("achievements:attachment_download", 0): "302 200 200 200 200 200 200 200 302",
    ("achievements:attachment_download", 1): "302 200 404 404 404 404 200 404 302",
    ("achievements:attachment_delete", 0): "302 405 405 405 405 405 405 405 302",
    ("achievements:attachment_delete", 1): "302 405 405 405 405 405 405 405 302",
    ("matching:overview", 0): "302 200 200 200 403 403 403 403 302",
    ("matching:demand", 0): "302 200 200 200 200 403 403 403 302",
    ("matching:demand", 1): "302 200 404 404 200 404 404 404 302",
    ("matching:achievement", 0): "302 200 200 200 403 403 200 403 302",
    ("matching:achievement", 1): "302 200 404 404 404 404 200 404 302",
    ("matching:request_engagement", 0): "302 405 405 405 405 405 405 405 302",
    ("engagements:pipeline", 0): "302 200 200 200 200 200 200 200 302",
    ("engagements:list", 0): "302 200 200 200 200 200 200 200 302",
    ("engagements:export", 0): "302 200 200 200 403 403 403 200 302",
    ("engagements:create", 0): "302 404 404 404 403 403 403 403 302",
    ("engagements:detail", 0): "302 200 200 404 200 404 200 200 302",
    ("engagements:detail", 1): "302 200 200 404 200 404 200 200 302",
    ("subsidies:index", 0): "302 302 302 302 302 302 302 302 302",
    ("subsidies:claim_list", 0): "302 200 200 200 200 200 403 200 302",
    ("subsidies:claim_create", 0): "302 403 403 403 200 200 403 403 302",
    ("subsidies:claim_detail", 0): "302 200 200 404 200 404 404 200 302",
    ("subsidies:claim_detail", 1): "302 404 404 404 200 404 404 404 302",
    ("subsidies:claim_edit", 0): "302 403 403 404 403 404 404 403 302",
    ("subsidies:claim_edit", 1): "302 404 404 404 200 404 404 404 302",
    ("subsidies:claim_delete", 0): "302 405 405 405 405 405 405 405 302",
    ("subsidies:claim_delete", 1): "302 405 405 405 405 405 405 405 302",
    ("subsidies:claim_transition", 0): "302 405 405 405 405 405 405 405 302",
    ("subsidies:claim_transition", 1): "302 405 405 405 405 405 405 405 302",
    ("subsidies:attachment_upload", 0): "302 405 405 405 405 405 405 405 302",
    ("subsidies:attachment_upload", 1): "302 405 405 405 405 405 405 405 302",
    ("subsidies:disbursement_voucher", 0): "302 404 404 404 404 404 404 404 302",
    ("subsidies:disbursement_voucher", 1): "302 404 404 404 404 404 404 404 302",
    ("subsidies:attachment_download", 0): "302 200 200 404 200 404 404 200 302",
    ("subsidies:attachment_download", 1): "302 404 404 404 200 404 404 404 302",
    ("subsidies:attachment_delete", 0): "302 405 405 405 405 405 405 405 302",
    ("subsidies:attachment_delete", 1): "302 405 405 405 405 405 405 405 302",
    ("subsidies:review_queue", 0): "302 200 200 200 403 403 403 200 302",
    ("subsidies:contract_list", 0): "302 200 200 200 200 200 200 200 302",
    ("subsidies:contract_create", 0): "302 200 200 200 200 200 403 403 302",
    ("subsidies:contract_detail", 0): "302 200 200 404 200 404 404 200 302",
    ("subsidies:contract_detail", 1): "302 200 200 404 200 404 404 200 302",
    ("subsidies:payment_create", 0): "302 200 403 404 200 404 404 403 302",
    ("subsidies:payment_create", 1): "302 200 403 404 200 404 404 403 302",
    ("subsidies:payment_list", 0): "302 200 403 403 403 403 403 403 302",
    ("subsidies:contract_transition", 0): "302 405 405 405 405 405 405 405 302",
    ("subsidies:contract_transition", 1): "302 405 405 405 405 405 405 405 302",
    ("subsidies:payment_transition", 0): "302 405 405 405 405 405 405 405 302",
    ("subsidies:payment_transition", 1): "302 405 405 405 405 405 405 405 302",
    ("subsidies:payment_file", 0): "302 200 200 404 200 404 404 200 302",
    ("subsidies:payment_file", 1): "302 200 200 404 200 404 404 200 302",
    ("subsidies:simulator", 0): "302 200 200 200 200 200 200 200 302",
    ("subsidies:publicity", 0): "302 200 200 200 200 200 200 200 302",
    ("subsidies:publicize_batch", 0): "302 405 405 405 405 405 405 405 302",
    ("subsidies:ledger", 0): "302 200 200 200 403 403 403 200 302",
    ("subsidies:totals", 0): "302 200 200 200 403 403 403 200 302",
    ("platforms:list", 0): "302 200 200 200 200 200 200 200 302",
    ("platforms:create", 0): "302 200 403 403 200 200 200 403 302",
    ("platforms:export", 0): "302 200 200 200 200 200 200 200 302",
    ("platforms:import", 0): "302 200 403 403 200 200 200 403 302",
    ("platforms:import_template", 0): "302 200 403 403 200 200 200 403 302",
    ("platforms:instruments", 0): "200 200 200 200 200 200 200 200 200",
    ("platforms:detail", 0): "302 200 200 200 200 200 200 200 302",
    ("platforms:detail", 1): "302 200 404 200 404 200 404 200 302",
    ("platforms:edit", 0): "302 200 403 403 200 403 403 403 302",
    ("platforms:edit", 1): "302 200 403 403 404 200 404 403 302",
    ("platforms:transition", 0): "302 405 405 405 405 405 405 405 302",
    ("platforms:transition", 1): "302 405 405 405 405 405 405 405 302",
    ("platforms:instrument_create", 0): "302 200 403 403 200 403 403 403 302",
    ("platforms:instrument_create", 1): "302 200 403 403 404 200 404 403 302",
    ("platforms:instrument_edit", 0): "302 200 403 403 200 403 403 403 302",
    ("platforms:instrument_edit", 1): "302 200 403 403 404 200 404 403 302",
    ("platforms:instrument_delete", 0): "302 405 403 403 405 405 405 403 302",
    ("platforms:instrument_delete", 1): "302 405 403 403 405 405 405 403 302",
    ("credit:list", 0): "302 200 403 403 200 200 200 200 302",
    ("credit:create", 0): "302 200 403 403 403 403 403 403 302",
    ("credit:export", 0): "302 200 403 403 403 403 403 200 302",
    ("credit:detail", 0): "302 200 403 403 200 404 404 200 302",
    ("credit:detail", 1): "302 200 403 403 404 200 404 200 302",
    ("credit:edit", 0): "302 200 403 403 403 403 403 403 302",
    ("credit:edit", 1): "302 200 403 403 403 403 403 403 302",
    ("dashboard:index", 0): "302 200 403 403 403 403 403 200 302",
    ("dashboard:print", 0): "302 200 403 403 403 403 403 200 302",
    ("dashboard:export", 0): "302 200 403 403 403 403 403 200 302",
    ("dashboard:recorded", 0): "302 200 403 403 403 403 403 403 302",
    ("api-token", 0): "405 405 405 405 405 405 405 405 405",
    ("api-me", 0): "403 200 200 200 200 200 200 200 403",
    ("institute-list", 0): "403 200 200 200 200 200 200 200 403",
    ("institute-detail", 0): "403 200 200 200 200 200 200 200 403",
    ("institute-detail", 1): "403 200 200 200 200 200 200 200 403",
    ("api-notifications", 0): "403 200 200 200 200 200 200 200 403",
    ("talent-list", 0): "403 200 200 200 200 200 200 200 403",
    ("talent-export", 0): "403 200 200 200 403 403 403 403 403",
    ("talent-import-file", 0): "403 405 405 405 405 405 405 405 403",
    ("talent-template", 0): "403 200 200 200 403 403 403 403 403",
    ("talent-detail", 0): "403 200 200 404 200 200 200 404 403",
    ("talent-detail", 1): "403 200 404 200 200 200 200 404 403",
    ("talent-archive", 0): "403 405 405 405 405 405 405 405 403",
    ("talent-archive", 1): "403 405 405 405 405 405 405 405 403",
    ("talent-confirm", 0): "403 405 405 405 405 405 405 405 403",
    ("talent-confirm", 1): "403 405 405 405 405 405 405 405 403",
    ("talent-confirm-distinct", 0): "403 405 405 405 405 405 405 405 403",
    ("talent-confirm-distinct", 1): "403 405 405 405 405 405 405 405 403",
    ("talent-duplicates", 0): "403 200 200 404 403 403 403 403 403",
    ("talent-duplicates", 1): "403 200 404 200 403 403 403 403 403",
    ("talent-merge", 0): "403 405 405 405 405 405 405 405 403",
    ("talent-merge", 1): "403 405 405 405 405 405 405 405 403",
    ("talent-transition", 0): "403 405 405 405 405 405 405 405 403",
    ("talent-transition", 1): "403 405 405 405 405 405 405 405 403",
    ("demand-list", 0): "403 200 200 200 200 200 200 200 403",
    ("demand-detail", 0): "403 200 200 200 200 200 200 200 403",
    ("demand-detail", 1): "403 200 404 404 200 404 404 404 403",
    ("demand-transition", 0): "403 405 405 405 405 405 405 405 403",
    ("demand-transition", 1): "403 405 405 405 405 405 405 405 403",
    ("achievement-list", 0): "403 200 200 200 200 200 200 200 403",
    ("achievement-detail", 0): "403 200 200 200 200 200 200 200 403",
    ("achievement-detail", 1): "403 200 404 404 404 404 200 404 403",
    ("achievement-transition", 0): "403 405 405 405 405 405 405 405 403",
    ("achievement-transition", 1): "403 405 405 405 405 405 405 405 403",
    ("api-demand-matches", 0): "403 200 200 200 200 403 403 403 403",
    ("api-demand-matches", 1): "403 200 404 404 200 404 404 404 403",
    ("api-achievement-matches", 0): "403 200 200 200 403 403 200 403 403",
    ("api-achievement-matches", 1): "403 200 404 404 404 404 200 404 403",
    ("engagement-list", 0): "403 200 200 200 200 200 200 200 403",
    ("engagement-detail", 0): "403 200 200 404 200 404 200 200 403",
    ("engagement-detail", 1): "403 200 200 404 200 404 200 200 403",
    ("engagement-notes", 0): "403 405 405 405 405 405 405 405 403",
    ("engagement-notes", 1): "403 405 405 405 405 405 405 405 403",
    ("engagement-transition", 0): "403 405 405 405 405 405 405 405 403",
    ("engagement-transition", 1): "403 405 405 405 405 405 405 405 403",
    ("contract-list", 0): "403 200 200 200 200 200 200 200 403",
    ("contract-detail", 0): "403 200 200 404 200 404 404 200 403",
    ("contract-detail", 1): "403 200 200 404 200 404 404 200 403",
    ("contract-payment-list", 0): "403 200 200 200 200 200 200 200 403",
    ("contract-payment-detail", 0): "403 200 200 404 200 404 404 200 403",
    ("contract-payment-detail", 1): "403 200 200 404 200 404 404 200 403",
    ("contract-transition", 0): "403 405 405 405 405 405 405 405 403",
    ("contract-transition", 1): "403 405 405 405 405 405 405 405 403",
    ("contract-payment-transition", 0): "403 405 405 405 405 405 405 405 403",
    ("contract-payment-transition", 1): "403 405 405 405 405 405 405 405 403",
    ("subsidy-claim-list", 0): "403 200 200 200 200 200 200 200 403",
    ("subsidy-claim-simulate", 0): "403 405 405 405 405 405 405 405 403",
    ("subsidy-claim-detail", 0): "403 200 200 404 200 404 404 200 403",
    ("subsidy-claim-detail", 1): "403 404 404 404 200 404 404 404 403",
    ("subsidy-claim-attachments", 0): "403 405 405 405 405 405 405 405 403",
    ("subsidy-claim-attachments", 1): "403 405 405 405 405 405 405 405 403",
    ("subsidy-claim-transition", 0): "403 405 405 405 405 405 405 405 403",
    ("subsidy-claim-transition", 1): "403 405 405 405 405 405 405 405 403",
    ("subsidy-policy-list", 0): "403 200 200 200 200 200 200 200 403",
    ("subsidy-policy-current", 0): "403 200 200 200 200 200 200 200 403",
    ("subsidy-policy-detail", 0): "403 200 200 200 200 200 200 200 403",
    ("subsidy-policy-detail", 1): "403 200 200 200 200 200 200 200 403",
    ("platform-list", 0): "403 200 200 200 200 200 200 200 403",
    ("platform-import-file", 0): "403 405 405 405 405 405 405 405 403",
    ("platform-import-template", 0): "403 200 403 403 200 200 200 403 403",
    ("platform-detail", 0): "403 200 200 200 200 200 200 200 403",
    ("platform-detail", 1): "403 200 404 200 404 200 404 200 403",
    ("platform-transition", 0): "403 405 405 405 405 405 405 405 403",
    ("platform-transition", 1): "403 405 405 405 405 405 405 405 403",
    ("instrument-list", 0): "200 200 200 200 200 200 200 200 200",
    ("instrument-detail", 0): "200 200 200 200 200 200 200 200 200",
    ("instrument-detail", 1): "404 200 404 200 404 200 404 200 404",
    ("credit-record-list", 0): "403 200 200 200 200 200 200 200 403",
    ("credit-record-detail", 0): "403 200 404 404 200 404 404 200 403",
    ("credit-record-detail", 1): "403 200 404 404 404 200 404 200 403",
    ("core:reminders", 0): "302 200 200 200 200 200 200 200 302",
    ("core:notification_preference", 0): "302 405 405 405 405 405 405 405 302",
    ("events:list", 0): "302 200 200 200 200 200 200 200 302",
    ("events:export", 0): "302 200 200 200 403 403 403 200 302",
    ("events:create", 0): "302 200 200 200 403 403 403 403 302",
    ("events:detail", 0): "302 200 200 200 200 200 200 200 302",
    ("events:detail", 1): "302 200 404 200 404 404 404 200 302",
    ("events:edit", 0): "302 200 200 403 403 403 403 403 302",
    ("events:edit", 1): "302 200 404 200 403 403 403 403 302",
    ("events:signup", 0): "302 405 403 403 405 405 405 403 302",
    ("events:signup", 1): "302 405 403 403 405 405 405 403 302",
    ("events:agreement_create", 0): "302 405 405 405 403 403 403 403 302",
    ("events:agreement_create", 1): "302 405 405 405 403 403 403 403 302",
    ("events:project_create", 0): "302 405 405 405 403 403 403 403 302",
    ("events:project_create", 1): "302 405 405 405 403 403 403 403 302",
    ("supervision:ledger_list", 0): "302 200 200 200 403 403 403 200 302",
    ("supervision:ledger_export", 0): "302 200 200 200 403 403 403 200 302",
    ("supervision:ledger_create", 0): "302 200 200 200 403 403 403 403 302",
    ("supervision:ledger_detail", 0): "302 200 200 404 403 403 403 200 302",
    ("supervision:ledger_detail", 1): "302 200 404 200 403 403 403 200 302",
    ("supervision:ledger_edit", 0): "302 200 200 404 403 403 403 403 302",
    ("supervision:ledger_edit", 1): "302 200 404 200 403 403 403 403 302",
    ("supervision:ledger_evidence", 0): "302 200 200 404 403 403 403 200 302",
    ("supervision:ledger_evidence", 1): "302 200 404 200 403 403 403 200 302",
    ("supervision:task_list", 0): "302 200 200 200 403 403 403 200 302",
    ("supervision:task_create", 0): "302 200 403 403 403 403 403 403 302",
    ("supervision:task_detail", 0): "302 200 200 404 403 403 403 200 302",
    ("supervision:task_detail", 1): "302 200 404 200 403 403 403 200 302",
    ("supervision:record_list", 0): "302 200 200 200 403 403 403 200 302",
    ("supervision:record_create", 0): "302 200 403 403 403 403 403 403 302",
    ("supervision:awards", 0): "302 200 200 200 403 403 403 200 302",
    ("event-list", 0): "403 200 200 200 200 200 200 200 403",
    ("event-detail", 0): "403 200 200 200 200 200 200 200 403",
    ("event-detail", 1): "403 200 404 200 404 404 404 200 403",
    ("event-signup", 0): "403 405 405 405 405 405 405 405 403",
    ("event-signup", 1): "403 405 405 405 405 405 405 405 403",
    ("event-transition", 0): "403 405 405 405 405 405 405 405 403",
    ("event-transition", 1): "403 405 405 405 405 405 405 405 403",
    ("ledger-item-list", 0): "403 200 200 200 403 403 403 200 403",
    ("ledger-item-detail", 0): "403 200 200 404 403 403 403 200 403",
    ("ledger-item-detail", 1): "403 200 404 200 403 403 403 200 403",
    ("ledger-item-transition", 0): "403 405 405 405 405 405 405 405 403",
    ("ledger-item-transition", 1): "403 405 405 405 405 405 405 405 403",
    ("assigned-task-list", 0): "403 200 200 200 403 403 403 200 403",
    ("assigned-task-detail", 0): "403 200 200 404 403 403 403 200 403",
    ("assigned-task-detail", 1): "403 200 404 200 403 403 403 200 403",
    ("assigned-task-transition", 0): "403 405 405 405 405 405 405 405 403",
    ("assigned-task-transition", 1): "403 405 405 405 405 405 405 405 403",
    ("supervision-record-list", 0): "403 200 200 200 403 403 403 200 403",
    ("supervision-record-detail", 0): "403 200 200 404 403 403 403 200 403",
    ("supervision-record-detail", 1): "403 200 404 200 403 403 403 200 403",
    ("dashboard-summary", 0): "403 200 403 403 403 403 403 200 403",
}

# Who may ever receive each secret (everybody else must not find it in any response).
SECRETS = {
    w.TALENT_PHONE_WX: {"bureau", "liaison_wenxian"},
    w.TALENT_EMAIL_WX: {"bureau", "liaison_wenxian"},
    w.TALENT_NAME_WX: {"bureau", "liaison_wenxian"},
    w.TALENT_PHONE_QY: {"bureau", "liaison_qinyang"},
    w.DRAFT_DEMAND_PHONE: {"bureau", "owner"},
    w.DRAFT_TITLE: {"bureau", "owner"},
    w.DRAFT_ACH_TITLE: {"bureau", "institute"},
    w.EXPIRED_TITLE: {"bureau", "owner", "leader"},
    # Published records: the contact goes to the owner, the bureau and open-engagement parties
    # (the world's engagement joins the owner's demand and the institute's achievement).
    w.DEMAND_PHONE: {"bureau", "owner", "institute"},
    w.ACHIEVEMENT_PHONE: {"bureau", "institute", "owner"},
    # A planning platform (沁阳, hosted by the other enterprise) and a unit's credit record.
    w.PLANNING_PLATFORM: {"bureau", "liaison_qinyang", "other_enterprise", "leader"},
    w.CREDIT_REASON: {"bureau", "other_enterprise", "leader"},
}


def _body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if raw[:2] == b"PK":  # xlsx
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
        return " ".join(str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    return raw.decode("utf-8", "replace")


def test_every_route_is_in_the_matrix():
    routes = all_routes()
    missing = [
        (name, variant)
        for name, keys in routes.items()
        for variant in ((0, 1) if keys else (0,))
        if (name, variant) not in MATRIX
    ]
    assert not missing, f"routes without a permission decision: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "app",
    [
        "core",
        "accounts",
        "talents",
        "demands",
        "achievements",
        "matching",
        "engagements",
        "platforms",
        "credit",
        "subsidies",
        "events",
        "supervision",
        "dashboard",
        "api",
    ],
)
def test_matrix(world, app):
    routes = all_routes()
    problems = []
    for (name, variant), expected in MATRIX.items():
        prefix = name.split(":")[0] if ":" in name else "api"
        if prefix != app or name not in routes:
            continue
        url = url_for(name, routes[name], world.ids, variant)
        for persona, status in zip(PERSONAS, expected.split(), strict=True):
            client = APIClient()
            user = world.users[persona]
            if user is not None:
                client.force_login(user, backend="accounts.backends.PortalBackend")
            response = client.get(url)
            if response.status_code != int(status):
                problems.append(f"{persona} GET {url} ({name}): {response.status_code}, expected {status}")
            if response.status_code == 302 and persona in ("anonymous", "inactive") and not url.startswith("/api/"):
                assert response["Location"].startswith("/accounts/login/"), url
            body = _body(response)
            for secret, allowed in SECRETS.items():
                if persona not in allowed and secret in body:
                    problems.append(f"{persona} GET {url} ({name}) received {secret!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_secrets_do_reach_those_entitled(world):
    """Positive control for the secret search above: it would notice a leak."""
    client = APIClient()
    client.force_login(world.users["liaison_wenxian"], backend="accounts.backends.PortalBackend")
    assert w.TALENT_PHONE_WX in _body(client.get("/talents/export/"))
    client.force_login(world.users["owner"], backend="accounts.backends.PortalBackend")
    assert w.DRAFT_TITLE in _body(client.get("/demands/export/"))


@pytest.mark.django_db
def test_leader_never_sees_drafts(world):
    from achievements.models import Achievement
    from demands.models import Demand

    leader = world.users["leader"]
    assert not Demand.objects.visible_to(leader).filter(status="draft").exists()
    assert not Achievement.objects.visible_to(leader).filter(status="draft").exists()
    assert Demand.objects.visible_to(leader).filter(pk=world.ids["demand_expired"]).exists()
