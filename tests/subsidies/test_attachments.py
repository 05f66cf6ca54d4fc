"""Proof files: type by content, size limit, private storage, download only for those allowed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.workflow import transition
from subsidies.services import attachment_add

from .factories import JPG, PDF, PNG, make_claim

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name, content", [("合同.pdf", PDF), ("扫描件.jpg", JPG), ("登记证明.png", PNG), ("无扩展名", PDF)]
)
def test_pdf_jpg_png_accepted_by_content(enterprise_user, bureau, name, content):
    claim = make_claim(enterprise_user, bureau, attach=False)
    attachment = attachment_add(
        claim=claim, user=enterprise_user, kind="contract", upload=SimpleUploadedFile(name, content)
    )
    assert attachment.content_type in {"application/pdf", "image/jpeg", "image/png"}
    assert attachment.file.name.startswith("private/subsidies/")
    assert name.split(".")[0] not in attachment.file.name  # stored under a random name
    assert attachment.original_name.startswith(name.split(".")[0])


@pytest.mark.parametrize(
    "name, content",
    [
        ("fake.pdf", b"MZ\x90\x00 this is an exe renamed to pdf"),
        ("notes.pdf", "这是一个文本文件".encode()),
        ("a.zip", b"PK\x03\x04" + b"\x00" * 40),
        ("a.gif", b"GIF89a" + b"\x00" * 20),
    ],
)
def test_other_content_refused_whatever_the_name(enterprise_user, bureau, name, content):
    claim = make_claim(enterprise_user, bureau, attach=False)
    with pytest.raises(ValidationError, match="仅支持 PDF、JPG、PNG"):
        attachment_add(claim=claim, user=enterprise_user, kind="contract", upload=SimpleUploadedFile(name, content))


def test_size_limit(enterprise_user, bureau, settings):
    settings.SUBSIDY_PROOF_MAX_BYTES = 1024
    claim = make_claim(enterprise_user, bureau, attach=False)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)
    with pytest.raises(ValidationError, match="不能超过"):
        attachment_add(claim=claim, user=enterprise_user, kind="invoice", upload=big)
    with pytest.raises(ValidationError, match="空文件"):
        attachment_add(claim=claim, user=enterprise_user, kind="invoice", upload=SimpleUploadedFile("e.pdf", b""))


def test_no_uploads_after_submission(enterprise_user, bureau):
    claim = make_claim(enterprise_user, bureau)
    transition(claim, "submitted", enterprise_user, "")
    with pytest.raises(PermissionDenied):
        attachment_add(claim=claim, user=enterprise_user, kind="other", upload=SimpleUploadedFile("x.pdf", PDF))


def test_download_streams_for_owner_and_reviewer_404_for_others(
    client_as, enterprise_user, other_enterprise_user, liaison_wenxian, liaison_qinyang, bureau
):
    claim = make_claim(enterprise_user, bureau)
    transition(claim, "submitted", enterprise_user, "")
    attachment = claim.attachments.first()
    url = reverse("subsidies:attachment_download", args=[attachment.pk])
    for allowed in (enterprise_user, liaison_wenxian, bureau):
        response = client_as(allowed).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert response["Cache-Control"] == "private, no-store"
    for outsider in (other_enterprise_user, liaison_qinyang):
        assert client_as(outsider).get(url).status_code == 404
    payment = claim.payments.first()
    assert (
        client_as(other_enterprise_user)
        .get(reverse("subsidies:payment_file", args=[payment.pk, "invoice"]))
        .status_code
        == 404
    )
    assert (
        client_as(enterprise_user).get(reverse("subsidies:payment_file", args=[payment.pk, "invoice"])).status_code
        == 200
    )


def test_files_are_not_under_a_public_url(settings):
    assert not getattr(settings, "MEDIA_URL", "") or settings.MEDIA_URL in ("", "/")
