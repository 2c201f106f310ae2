"""The written documents of a case as PDF and DOCX (行政许可法 §32¶2: written, sealed and dated).

A transition stores what it issues as text on the row (`text`); that text is the document. The
PDF is its rendering, made on first download (`pdf_file`) so no transition waits for reportlab;
the DOCX is rendered from the same text on each download. Both embed the font of `core.pdf`
(the PDF) or name 仿宋 (the DOCX), carry the licence's fields when it has them, and a QR code
of the document's public verification page. The seal is the agency's name printed in the seal
position; an electronic seal service would sign the same bytes (国务院令第716号 §§8–12 gives
electronic seals legal effect).
"""

from __future__ import annotations

import datetime as dt
import inspect
import io

from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from zhengwu.core.pdf import cjk_font, docx_bytes, draw_qr, new_docx, qr_png, verify_url

from .models import CaseDocument, Result

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
QR_SIZE = 80  # points: 28 mm, scannable from print


def _wrap(text: str, width: int = 34) -> list[str]:
    lines = []
    for paragraph in (text or "").splitlines() or [""]:
        while len(paragraph) > width:
            lines.append(paragraph[:width])
            paragraph = paragraph[width:]
        lines.append(paragraph)
    return lines


def _date(issued_on: dt.date) -> str:
    return f"{issued_on.year}年{issued_on.month}月{issued_on.day}日"


def render(
    *,
    title: str,
    number: str,
    addressee: str,
    body: list[str],
    agency: str,
    issued_on: dt.date,
    footer: str = "",
    fields: list | tuple = (),
    code: str = "",
) -> bytes:
    """One page (continued as needed): title, number, addressee, the licence's fields, body,
    agency seal and date, and the QR code of the verification page when the row has a code."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(title)
    pdf.setAuthor(agency)
    font = cjk_font()
    width, height = A4
    y = height - 90

    def line(text: str, size: int = 12, x: float = 70, centred: bool = False) -> None:
        nonlocal y
        if y < 90:
            pdf.showPage()
            y = height - 70
        pdf.setFont(font, size)
        if centred:
            pdf.drawCentredString(width / 2, y, text)
        else:
            pdf.drawString(x, y, text)
        y -= size + 10

    line(title, 20, centred=True)
    line(number, 11, centred=True)
    y -= 10
    if addressee:
        line(f"{addressee}：")
    for label, value in fields:
        first, *rest = _wrap(f"{label}：{value}", 30)
        line(first)
        for text in rest:
            line(text, x=94)
    for paragraph in body:
        for text in _wrap(paragraph):
            line(text, x=94 if text == paragraph[: len(text)] else 70)
    y -= 30
    if code and y < 90 + QR_SIZE:
        pdf.showPage()
        y = height - 70
    seal_y = y
    line(agency, x=width - 300)
    line(_date(issued_on), x=width - 300)
    if code:
        draw_qr(pdf, verify_url(code), 70, seal_y - QR_SIZE + 12, QR_SIZE)
        y = min(y, seal_y - QR_SIZE)
    if footer:
        y -= 20
        for text in _wrap(footer, 48):
            line(text, 9)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


_RENDER_SIGNATURE = inspect.signature(render)


def render_docx(**document) -> bytes:
    """The same document as DOCX (`render`'s arguments): fields as a two-column table."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    bound = _RENDER_SIGNATURE.bind(**document)
    bound.apply_defaults()
    a = bound.arguments
    title, number, addressee, body = a["title"], a["number"], a["addressee"], a["body"]
    agency, issued_on, footer, fields, code = (
        a["agency"],
        a["issued_on"],
        a["footer"],
        a["fields"],
        a["code"],
    )

    doc = new_docx()
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(title)
    run.bold = True
    run.font.size = Pt(22)
    doc.add_paragraph(number).alignment = WD_ALIGN_PARAGRAPH.CENTER
    if addressee:
        doc.add_paragraph(f"{addressee}：")
    if fields:
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in fields:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, str(value)
    for paragraph in body:
        doc.add_paragraph(paragraph).paragraph_format.first_line_indent = Pt(28)
    for text in (agency, _date(issued_on)):
        doc.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if code:
        doc.add_picture(io.BytesIO(qr_png(verify_url(code))), width=Cm(2.8))
    if footer:
        doc.add_paragraph().add_run(footer).font.size = Pt(9)
    return docx_bytes(doc)


def text(**fields) -> dict:
    """`render`'s arguments as they are stored on the row (the date as ISO text). A wrong or
    missing argument fails here, when the document is issued, not at its first download."""
    _RENDER_SIGNATURE.bind(**fields)
    return {
        "footer": "",
        **fields,
        "body": list(fields["body"]),
        "fields": [list(pair) for pair in fields.get("fields", ())],
        "issued_on": fields["issued_on"].isoformat(),
    }


def _arguments(row: CaseDocument | Result) -> dict:
    return {**row.text, "issued_on": dt.date.fromisoformat(row.text["issued_on"])}


def docx(row: CaseDocument | Result) -> bytes | None:
    """The row's DOCX, rendered from its stored text (None for a row with only a file)."""
    return render_docx(**_arguments(row)) if row.text else None


def download(case, row: CaseDocument | Result, fmt: str = "pdf") -> FileResponse | None:
    """The row as the file a person downloads (PDF, or DOCX with fmt "docx"), None when there
    is none (a row from before texts were stored has only its PDF)."""
    kind = row.kind if isinstance(row, CaseDocument) else "result"
    if fmt == "docx":
        data = docx(row)
        if data is None:
            return None
        return FileResponse(
            io.BytesIO(data),
            as_attachment=True,
            filename=f"{case.number}-{kind}.docx",
            content_type=DOCX,
        )
    file = pdf_file(row)
    if not file.name:  # no file (a FieldFile is false without a name)
        return None
    return FileResponse(file.open("rb"), as_attachment=True, filename=file.name.rsplit("/")[-1])


def pdf_file(row: CaseDocument | Result) -> FieldFile:
    """The row's PDF: its file if it has one, else rendered from its stored text and saved.

    Two first downloads at once both render; the one whose UPDATE finds the file still empty
    records its file, the other removes its copy and serves the winner's. A row with neither
    file nor text returns the empty file (the caller answers 404).
    """
    if row.file or not row.text:
        return row.file
    kind = row.kind if isinstance(row, CaseDocument) else "result"
    pdf = render(**_arguments(row))
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
