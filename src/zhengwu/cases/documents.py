"""The written documents of a case as PDFs (行政许可法 §32¶2: written, sealed and dated).

A transition stores what it issues as text on the row (`text`); that text is the document. The
PDF is its rendering, made on first download (`pdf_file`) so no transition waits for reportlab.
The seal is the agency's name printed in the seal position; an electronic seal service would
sign the same bytes (国务院令第716号 §§8–12 gives electronic seals legal effect).
"""

from __future__ import annotations

import datetime as dt
import inspect
import io

from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from .models import CaseDocument, Result

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _wrap(text: str, width: int = 34) -> list[str]:
    lines = []
    for paragraph in (text or "").splitlines() or [""]:
        while len(paragraph) > width:
            lines.append(paragraph[:width])
            paragraph = paragraph[width:]
        lines.append(paragraph)
    return lines


def render(
    *,
    title: str,
    number: str,
    addressee: str,
    body: list[str],
    agency: str,
    issued_on: dt.date,
    footer: str = "",
) -> bytes:
    """One page (continued as needed): title, number, addressee, body, agency seal and date."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(title)
    width, height = A4
    y = height - 90

    def line(text: str, size: int = 12, x: float = 70, centred: bool = False) -> None:
        nonlocal y
        if y < 90:
            pdf.showPage()
            y = height - 70
        pdf.setFont(FONT, size)
        if centred:
            pdf.drawCentredString(width / 2, y, text)
        else:
            pdf.drawString(x, y, text)
        y -= size + 10

    line(title, 20, centred=True)
    line(number, 11, centred=True)
    y -= 10
    line(f"{addressee}：")
    for paragraph in body:
        for text in _wrap(paragraph):
            line(text, x=94 if text == paragraph[: len(text)] else 70)
    y -= 30
    line(agency, x=width - 300)
    line(f"{issued_on.year}年{issued_on.month}月{issued_on.day}日", x=width - 300)
    if footer:
        y -= 20
        for text in _wrap(footer, 48):
            line(text, 9)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


_RENDER_SIGNATURE = inspect.signature(render)


def text(**fields) -> dict:
    """`render`'s arguments as they are stored on the row (the date as ISO text). A wrong or
    missing argument fails here, when the document is issued, not at its first download."""
    _RENDER_SIGNATURE.bind(**fields)
    return {
        "footer": "",
        **fields,
        "body": list(fields["body"]),
        "issued_on": fields["issued_on"].isoformat(),
    }


def pdf_file(row: CaseDocument | Result) -> FieldFile:
    """The row's PDF: its file if it has one, else rendered from its stored text and saved.

    Two first downloads at once both render; the one whose UPDATE finds the file still empty
    records its file, the other removes its copy and serves the winner's. A row with neither
    file nor text returns the empty file (the caller answers 404).
    """
    if row.file or not row.text:
        return row.file
    kind = row.kind if isinstance(row, CaseDocument) else "result"
    pdf = render(**{**row.text, "issued_on": dt.date.fromisoformat(row.text["issued_on"])})
    field = row.file.field
    name = field.storage.save(
        field.generate_filename(row, f"{row.case.number}-{kind}.pdf"),
        ContentFile(pdf),
        max_length=field.max_length,
    )
    if type(row).objects.filter(pk=row.pk, file="").update(file=name):
        row.file = name
    else:
        field.storage.delete(name)
        row.refresh_from_db(fields=["file"])
    return row.file
