"""Printed documents: the CJK font every PDF embeds, the verification QR code, the DOCX base.

Font: a CJK TrueType font is embedded (subset) so a PDF reads the same everywhere. Looked for in
order: settings.ZHENGWU_CJK_FONT; WenQuanYi Micro Hei from the `paperang-p2-fonts-cjk` wheel (a
runtime dependency: byte-identical to Debian's file, 2.3 MB); Debian's `fonts-wqy-microhei`
(.ci/run installs it when root); Noto CJK. Without any, reportlab's STSong-Light CID font is used
(not embedded: the reader must supply it) and a warning is logged.

QR code: the document's public verification address (settings.ZHENGWU_PUBLIC_URL +
/zwfw/verify/<code>/), drawn with reportlab's own QR widget in PDFs, and as a PNG made by segno
for DOCX.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
]
EMBEDDED = "ZhengwuCJK"
_font_name: str | None = None


def _packaged_font() -> str:
    try:
        import paperang_p2_fonts_cjk
    except ImportError:
        return ""
    return str(Path(paperang_p2_fonts_cjk.__file__).parent / "fonts" / "wqy-microhei.ttc")


def cjk_font() -> str:
    """Register and return the name of the font PDFs use (embedded TTF, else STSong-Light)."""
    global _font_name
    if _font_name:
        return _font_name
    from reportlab.pdfbase import pdfmetrics

    configured = getattr(settings, "ZHENGWU_CJK_FONT", "")
    for candidate in [configured, _packaged_font(), *FONT_CANDIDATES]:
        if candidate and Path(candidate).is_file():
            from reportlab.pdfbase.ttfonts import TTFont

            try:
                pdfmetrics.registerFont(TTFont(EMBEDDED, candidate, subfontIndex=0))
            except Exception:  # a damaged or unsupported font file: try the next one
                log.warning("CJK font %s could not be loaded", candidate)
                continue
            _font_name = EMBEDDED
            return _font_name
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    log.warning(
        "No CJK TrueType font found (install fonts-wqy-microhei or set ZHENGWU_CJK_FONT); "
        "PDFs use STSong-Light, which is not embedded"
    )
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    _font_name = "STSong-Light"
    return _font_name


def verify_url(code: str) -> str:
    """The public verification page of the document with this code."""
    base = (getattr(settings, "ZHENGWU_PUBLIC_URL", "") or "").rstrip("/")
    return f"{base}/zwfw/verify/{code}/"


def draw_qr(pdf, url: str, x: float, y: float, size: float) -> None:
    """The QR code of `url` on a reportlab canvas, its lower left corner at (x, y)."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, x, y)


def qr_png(url: str) -> bytes:
    """The QR code of `url` as a PNG image (for DOCX)."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def new_docx(font: str = "仿宋", size: int = 14):
    """An empty DOCX whose body text is `font` (East Asian too) at `size` points."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = font
    style.font.size = Pt(size)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    return doc


def docx_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
