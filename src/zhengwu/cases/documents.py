"""The written documents of a case as PDFs (行政许可法 §32¶2: written, sealed and dated).

The seal is the agency's name printed in the seal position; an electronic seal service would
sign the same bytes (国务院令第716号 §§8–12 gives electronic seals legal effect).
"""

from __future__ import annotations

import datetime as dt
import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

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
