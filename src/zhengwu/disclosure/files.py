"""Attachment checks and text extraction: the type is read from the file's first bytes (magic
numbers), never from its name or the browser's claim; text is pulled out for search."""

from __future__ import annotations

import io
import zipfile

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
PNG = ("image/png", ".png", "PNG图片")
JPEG = ("image/jpeg", ".jpg", "JPEG图片")
GIF = ("image/gif", ".gif", "GIF图片")
ALLOWED_LABEL = "PDF、DOCX、XLSX、PNG、JPEG、GIF"
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
