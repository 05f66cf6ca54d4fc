"""core.uploads.check_upload: every upload is recognised by its content, not its name."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import check_upload

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
ALLOWED = {"pdf", "png", "jpg", "docx", "zip"}


def upload(name, content):
    return SimpleUploadedFile(name, content)


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_pdf_is_recognised_and_left_at_the_start():
    f = upload("方案.pdf", PDF)
    assert check_upload(f, allowed=ALLOWED, allowed_text="PDF") == "pdf"
    assert f.tell() == 0


def test_renamed_file_is_refused_by_content():
    with pytest.raises(ValidationError, match="仅支持 PDF"):
        check_upload(upload("合同.pdf", b"just text, not a pdf"), allowed=ALLOWED, allowed_text="PDF")


def test_office_file_counts_as_its_named_type():
    assert check_upload(upload("说明书.docx", docx_bytes()), allowed=ALLOWED, allowed_text="Word") == "docx"


def test_damaged_zip_is_refused():
    with pytest.raises(ValidationError, match="已损坏"):
        check_upload(upload("a.zip", b"PK\x03\x04" + b"\x00" * 40), allowed=ALLOWED, allowed_text="ZIP")


def test_name_must_match_content_when_asked():
    with pytest.raises(ValidationError, match="扩展名与文件内容不符"):
        check_upload(upload("图.pdf", PNG), allowed=ALLOWED, allowed_text="图片", name_must_match=True)
    assert check_upload(upload("图.pdf", PNG), allowed=ALLOWED, allowed_text="图片") == "png"


def test_empty_missing_and_oversized_files_are_refused():
    with pytest.raises(ValidationError, match="请上传凭证"):
        check_upload(None, allowed=ALLOWED, allowed_text="PDF", label="凭证")
    with pytest.raises(ValidationError, match="空文件"):
        check_upload(upload("a.pdf", b""), allowed=ALLOWED, allowed_text="PDF")
    with pytest.raises(ValidationError, match="不能超过 1 MB"):
        check_upload(
            upload("a.pdf", PDF + b"0" * (1024 * 1024)), allowed=ALLOWED, allowed_text="PDF", max_bytes=1024 * 1024
        )
