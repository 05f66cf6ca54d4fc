"""Private files, uploads checked by content, download headers, CSRF/clickjacking, logged exports."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from achievements.models import AchievementAttachment
from core.models import ExportLog
from subsidies.models import ClaimAttachment

HTML_AS_PDF = b"<html><script>alert(1)</script></html>"


def login(world, persona, csrf=False):
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(world.users[persona], backend="accounts.backends.PortalBackend")
    return client


@pytest.mark.django_db
def test_uploaded_files_have_no_public_url(world, settings):
    """MEDIA is never routed: the stored path answers 404 (or the login page), never the file."""
    attachment = ClaimAttachment.objects.get(pk=world.ids["claim_attachment"])
    for client in (Client(), login(world, "owner")):
        response = client.get("/" + attachment.file.name)
        assert response.status_code in (302, 404)
        response = client.get(settings.MEDIA_URL.rstrip("/") + "/" + attachment.file.name)
        assert response.status_code in (302, 404)


@pytest.mark.django_db
def test_claim_proof_download_headers(world):
    response = login(world, "owner").get(f"/subsidies/attachments/{world.ids['claim_attachment']}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert "filename" in response["Content-Disposition"]


@pytest.mark.django_db
def test_achievement_attachment_is_a_download_with_safe_filename(world):
    attachment = AchievementAttachment.objects.get(pk=world.ids["attachment"])
    attachment.name = '../../etc/passwd"; x=.pdf'
    attachment.save()
    response = login(world, "other_enterprise").get(
        f"/achievements/{world.ids['achievement']}/attachments/{attachment.pk}/"
    )
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "../" not in disposition  # no directories in the offered name
    assert '\\"; x=' in disposition  # the quote is escaped, so it cannot add a header parameter


@pytest.mark.django_db
def test_upload_checked_by_content_not_name(world):
    owner = login(world, "owner")
    fake = SimpleUploadedFile("发票.pdf", HTML_AS_PDF, content_type="application/pdf")
    before = ClaimAttachment.objects.count()
    owner.post(f"/subsidies/claims/{world.ids['claim_draft']}/attachments/", {"kind": "invoice", "file": fake})
    assert ClaimAttachment.objects.count() == before
    institute = login(world, "institute")
    fake = SimpleUploadedFile("说明书.pdf", HTML_AS_PDF, content_type="application/pdf")
    count = AchievementAttachment.objects.count()
    institute.post(f"/achievements/{world.ids['achievement_draft']}/attachments/", {"file": fake})
    assert AchievementAttachment.objects.count() == count


@pytest.mark.django_db
def test_api_upload_checked_by_content(world):
    client = APIClient()
    client.force_authenticate(world.users["owner"])
    fake = SimpleUploadedFile("合同.pdf", HTML_AS_PDF, content_type="application/pdf")
    response = client.post(
        f"/api/v1/subsidy-claims/{world.ids['claim_draft']}/attachments/",
        {"kind": "contract", "file": fake},
        format="multipart",
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_state_changing_page_posts_need_csrf(world):
    owner = login(world, "owner", csrf=True)
    response = owner.post(f"/demands/{world.ids['demand_draft']}/transition/", {"to": "pending_review"})
    assert response.status_code == 403
    response = owner.post(f"/subsidies/claims/{world.ids['claim_draft']}/delete/")
    assert response.status_code == 403


@pytest.mark.django_db
def test_pages_refuse_framing(world):
    response = login(world, "bureau").get("/")
    assert response["X-Frame-Options"] == "DENY"


EXPORTS = [
    ("bureau", "/talents/export/", True),
    ("liaison_wenxian", "/api/v1/talents/export/", True),
    ("bureau", "/demands/export/", True),
    ("other_enterprise", "/demands/export/", False),  # contacts masked: no personal data
    ("owner", "/demands/export/", True),  # its own contact people
    ("bureau", "/achievements/export/", True),
    ("bureau", "/engagements/export/", None),
    ("bureau", "/subsidies/claims/?export=xlsx", None),
    ("bureau", "/subsidies/publicity/?export=xlsx", None),
    ("bureau", "/subsidies/ledger/?export=xlsx", None),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "url", "personal"), EXPORTS)
def test_every_export_is_logged(world, persona, url, personal):
    response = login(world, persona).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    log = ExportLog.objects.get()
    assert log.user == world.users[persona]
    if personal is not None:
        assert log.contains_personal_data is personal
