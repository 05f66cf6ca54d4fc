"""Every upload endpoint answers missing, empty, corrupt or oversized files with a Chinese
message (400 in the API, the form again on a page) and keeps what was there before."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.demands.factories import make_achievement
from tests.subsidies.factories import PDF, make_claim, make_contract


def _zip_not_xlsx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


BAD_FILES = {
    "empty": ("空.xlsx", b""),
    "corrupt": ("坏.xlsx", b"PK\x03\x04 this is not really a zip"),
    "zip_not_xlsx": ("压缩.xlsx", _zip_not_xlsx()),
    "text": ("文本.pdf", b"hello"),
    "html_as_pdf": ("x.pdf", b"<html><script>alert(1)</script></html>"),
}


def bad(kind):
    name, content = BAD_FILES[kind]
    return SimpleUploadedFile(name, content)


def _chinese(text) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(text))


@pytest.mark.parametrize("kind", [*BAD_FILES, "missing"])
@pytest.mark.parametrize("url", ["/talents/import/", "/demands/import/", "/achievements/import/"])
def test_import_pages_refuse_bad_files(client_as, bureau, url, kind):
    data = {} if kind == "missing" else {"file": bad(kind)}
    response = client_as(bureau).post(url, data)
    assert response.status_code in (200, 400)
    assert _chinese(response.content.decode())


@pytest.mark.parametrize("kind", [*BAD_FILES, "missing"])
def test_talent_import_api_refuses_bad_files(api_as, bureau, kind):
    data = {"dry_run": "maybe"} if kind == "missing" else {"file": bad(kind), "dry_run": "true"}
    response = api_as(bureau).post("/api/v1/talents/import/", data, format="multipart")
    assert response.status_code == 400
    assert _chinese(response.content.decode())


def test_talent_import_api_with_json_body_is_400(api_as, bureau):
    response = api_as(bureau).post("/api/v1/talents/import/", {"file": "x"}, format="json")
    assert response.status_code in (400, 415)


# A well-formed zip named .xlsx is a ZIP attachment, which achievements accept.
@pytest.mark.parametrize("kind", ["empty", "corrupt", "text", "html_as_pdf", "missing"])
def test_achievement_attachment_refuses_bad_files(client_as, institute_user, kind):
    achievement = make_achievement(institute_user.organisation)
    data = {} if kind == "missing" else {"file": bad(kind)}
    response = client_as(institute_user).post(f"/achievements/{achievement.pk}/attachments/", data)
    assert response.status_code in (200, 302, 400)
    assert achievement.attachments.count() == 0


@pytest.mark.parametrize("kind", [*BAD_FILES, "missing"])
def test_claim_attachment_api_refuses_bad_files(api_as, enterprise_user, bureau, kind):
    claim = make_claim(enterprise_user, bureau, attach=False)
    data = {"kind": "contract"} if kind == "missing" else {"kind": "contract", "file": bad(kind)}
    response = api_as(enterprise_user).post(f"/api/v1/subsidy-claims/{claim.pk}/attachments/", data, format="multipart")
    assert response.status_code == 400
    assert _chinese(response.content.decode())
    assert claim.attachments.count() == 0


def test_claim_attachment_unknown_kind_is_400(api_as, enterprise_user, bureau):
    claim = make_claim(enterprise_user, bureau, attach=False)
    response = api_as(enterprise_user).post(
        f"/api/v1/subsidy-claims/{claim.pk}/attachments/",
        {"kind": "zz", "file": SimpleUploadedFile("a.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 400


@pytest.mark.parametrize("kind", [*BAD_FILES, "missing"])
def test_claim_attachment_page_refuses_bad_files(client_as, enterprise_user, bureau, kind):
    claim = make_claim(enterprise_user, bureau, attach=False)
    data = {"kind": "contract"} if kind == "missing" else {"kind": "contract", "file": bad(kind)}
    response = client_as(enterprise_user).post(f"/subsidies/claims/{claim.pk}/attachments/", data)
    assert response.status_code in (200, 302, 400)
    assert claim.attachments.count() == 0


@pytest.mark.parametrize("kind", [*BAD_FILES, "missing"])
def test_payment_api_refuses_bad_vouchers(api_as, enterprise_user, kind):
    contract = make_contract(enterprise_user)
    data = {
        "contract": contract.pk,
        "paid_on": "2025-03-01",
        "amount": "1000.00",
        "invoice_number": "FP001",
        "invoice_contract_reference": contract.registration_number,
        "invoice": SimpleUploadedFile("发票.pdf", PDF),
    }
    if kind != "missing":
        data["voucher"] = bad(kind)
    response = api_as(enterprise_user).post("/api/v1/contract-payments/", data, format="multipart")
    assert response.status_code == 400
    assert _chinese(response.content.decode())
    assert contract.payments.count() == 0


@pytest.mark.parametrize(
    "field, value",
    [("amount", "1e309"), ("amount", "NaN"), ("amount", "-1"), ("paid_on", "2026-02-30"), ("contract", "abc")],
)
def test_payment_api_refuses_bad_values(api_as, enterprise_user, field, value):
    contract = make_contract(enterprise_user)
    data = {
        "contract": contract.pk,
        "paid_on": "2025-03-01",
        "amount": "1000.00",
        "invoice_number": "FP001",
        "invoice_contract_reference": contract.registration_number,
        "voucher": SimpleUploadedFile("凭证.pdf", PDF),
        "invoice": SimpleUploadedFile("发票.pdf", PDF),
        field: value,
    }
    response = api_as(enterprise_user).post("/api/v1/contract-payments/", data, format="multipart")
    assert response.status_code == 400


@pytest.mark.parametrize("kind", [*BAD_FILES, "missing"])
def test_payment_page_refuses_bad_vouchers(client_as, enterprise_user, kind):
    contract = make_contract(enterprise_user)
    data = {
        "paid_on": "2025-03-01",
        "amount": "1e309",
        "invoice_number": "FP001",
        "invoice_contract_reference": contract.registration_number,
        "invoice": SimpleUploadedFile("发票.pdf", PDF),
    }
    if kind != "missing":
        data["voucher"] = bad(kind)
    response = client_as(enterprise_user).post(f"/subsidies/contracts/{contract.pk}/payments/new/", data)
    assert response.status_code in (200, 400)
    assert contract.payments.count() == 0


def test_oversized_files_are_refused(api_as, client_as, enterprise_user, bureau, settings):
    settings.IMPORT_MAX_BYTES = 1024
    big = b"PK\x03\x04" + b"0" * 4096
    response = api_as(bureau).post(
        "/api/v1/talents/import/", {"file": SimpleUploadedFile("大.xlsx", big)}, format="multipart"
    )
    assert response.status_code == 400
    assert "过大" in response.content.decode()


@pytest.mark.parametrize("field", ["invoice_number", "invoice_contract_reference"])
def test_payment_with_huge_text_is_400(api_as, enterprise_user, field):
    contract = make_contract(enterprise_user)
    data = {
        "contract": contract.pk,
        "paid_on": "2025-03-01",
        "amount": "1000.00",
        "invoice_number": "FP001",
        "invoice_contract_reference": contract.registration_number,
        "voucher": SimpleUploadedFile("凭证.pdf", PDF),
        "invoice": SimpleUploadedFile("发票.pdf", PDF),
    }
    data[field] = contract.registration_number + "长" * 5000
    response = api_as(enterprise_user).post("/api/v1/contract-payments/", data, format="multipart")
    assert response.status_code == 400
    assert "不能超过" in response.json()[field][0]
    assert contract.payments.count() == 0
