"""Attachment checks and text extraction: the type is read from the file's first bytes (magic
numbers), never from its name or the browser's claim; text is pulled out for search. Used for a
document's attachments and for the information released with a 依申请公开 answer."""

from __future__ import annotations

import io
import re
import zipfile

from django.conf import settings

from zhengwu.core.errors import Invalid

# (content type, extension, label) by signature.
PDF = ("application/pdf", ".pdf", "PDF")
DOCX = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
    "Word（DOCX）",
)
XLSX = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsx",
    "Excel（XLSX）",
)
OFD = ("application/ofd", ".ofd", "OFD")  # GB/T 33190, the national layout format
PNG = ("image/png", ".png", "PNG图片")
JPEG = ("image/jpeg", ".jpg", "JPEG图片")
GIF = ("image/gif", ".gif", "GIF图片")
ALLOWED_LABEL = "PDF、OFD、DOCX、XLSX、PNG、JPEG、GIF"
TEXT_LIMIT = 200_000  # characters kept for search per attachment


def sniff(head: bytes, data: bytes) -> tuple[str, str, str] | None:
    """The (content type, extension, label) of a file from its bytes, or None if not allowed."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
        if "OFD.xml" in names:
            return OFD
    return None


def checked(data: bytes, *, what: str = "附件", field: str = "file") -> tuple[str, str, str]:
    """The kind of an uploaded file's bytes; refused in Chinese when empty, over
    ZHENGWU_MAX_UPLOAD_BYTES or of a type not allowed."""
    limit = settings.ZHENGWU_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise Invalid(
            f"{what}过大：不能超过{limit // (1024 * 1024)}MB", code="file_too_large", field=field
        )
    if not data:
        raise Invalid(f"{what}为空文件", code="file_empty", field=field)
    kind = sniff(data[:16], data)
    if kind is None:
        raise Invalid(f"{what}类型不允许：只接受{ALLOWED_LABEL}文件", code="file_type", field=field)
    return kind


def read_upload(upload, *, what: str = "附件", field: str = "file") -> bytes:
    """The bytes of an uploaded file, refused before reading when it is over the size limit."""
    if upload is None:
        raise Invalid(f"请选择要上传的{what}", code="file_required", field=field)
    limit = settings.ZHENGWU_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise Invalid(
            f"{what}过大：不能超过{limit // (1024 * 1024)}MB", code="file_too_large", field=field
        )
    return upload.read()


def page_count(kind: tuple[str, str, str], data: bytes) -> int | None:
    """Pages of a PDF (counted), a DOCX (as Word last saved it), an image (one); None when the
    file does not say."""
    try:
        if kind == PDF:
            from pypdf import PdfReader

            return len(PdfReader(io.BytesIO(data)).pages)
        if kind == DOCX:
            app = zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml").decode()
            found = re.search(r"<Pages>(\d+)</Pages>", app)
            return int(found.group(1)) if found and int(found.group(1)) else None
    except Exception:  # a damaged file of an allowed type: no page count
        return None
    if kind in (PNG, JPEG, GIF):
        return 1
    return None


def extract_text(kind: tuple[str, str, str], data: bytes) -> str:
    """Text for search; an unreadable file keeps an empty text rather than failing the upload."""
    try:
        if kind == PDF:
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            text = "\n".join((page.extract_text() or "") for page in reader.pages)
        elif kind == DOCX:
            import docx

            document = docx.Document(io.BytesIO(data))
            parts = [p.text for p in document.paragraphs]
            for table in document.tables:
                for row in table.rows:
                    parts.append(" ".join(cell.text for cell in row.cells))
            text = "\n".join(parts)
        elif kind == XLSX:
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            parts = []
            for sheet in book.worksheets:
                for row in sheet.iter_rows(values_only=True):
                    cells = [str(v) for v in row if v is not None]
                    if cells:
                        parts.append(" ".join(cells))
            book.close()
            text = "\n".join(parts)
        else:
            text = ""
    except Exception:  # a damaged file of an allowed type: stored, but nothing to index
        text = ""
    return text[:TEXT_LIMIT]
