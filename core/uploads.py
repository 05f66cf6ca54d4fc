"""Uploaded files are recognised by their content, never by their name: the one check every
upload goes through (achievement attachments, subsidy proofs, …)."""

import zipfile

import filetype
from django.core.exceptions import ValidationError

MB = 1024 * 1024
OFFICE = frozenset({"docx", "xlsx", "pptx"})  # zip containers: recognised as zip by content
SNIFF_BYTES = 8192


def file_extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if name and "." in name else ""


def check_upload(
    upload,
    *,
    allowed: set[str] | frozenset[str],
    allowed_text: str,
    label: str = "文件",
    max_bytes: int | None = None,
    name_must_match: bool = False,
) -> str:
    """The real type of `upload` as an extension ("pdf", "png", "docx" …) when it is one of
    `allowed`; otherwise a Chinese ValidationError (missing, empty, too large, unknown content,
    a damaged zip, or — with `name_must_match` — a name whose extension contradicts the content).

    An Office file (docx/xlsx/pptx) is a zip by content: it counts as its named type when the
    zip opens. The file is left at position 0.
    """
    if upload is None:
        raise ValidationError(f"请上传{label}。")
    size = getattr(upload, "size", None)
    if size == 0:
        raise ValidationError(f"{label}是空文件，请重新选择。")
    if max_bytes is not None and size is not None and size > max_bytes:
        raise ValidationError(f"{label}不能超过 {max_bytes // MB} MB（当前 {size / MB:.1f} MB）。")
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    found = kind.extension if kind is not None else ""
    named = file_extension(getattr(upload, "name", "") or "")
    if found == "zip" and named in OFFICE:
        found = named
    if found not in allowed:
        raise ValidationError(f"{label}仅支持 {allowed_text}（按文件内容识别，改扩展名无效）。")
    if kind is not None and kind.extension == "zip":
        damaged = not zipfile.is_zipfile(upload)
        upload.seek(0)
        if damaged:
            raise ValidationError(f"{label}已损坏，无法打开：请重新导出后上传。")
    if name_must_match and named and named != found and (named, found) != ("jpeg", "jpg"):
        raise ValidationError(f"{label}的扩展名与文件内容不符。")
    return found
