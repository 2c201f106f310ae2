"""Catalogue exports (XLSX, CSV) and the gazette PDF. Columns of the export are the catalogue's
fields in the order of 条例 §12 followed by the national catalogue's usual ones."""

from __future__ import annotations

import csv
import io
from xml.sax.saxutils import escape

from .models import Document

HEADERS = [
    "索引号",
    "名称",
    "内容概述",
    "生成日期",
    "发布机构",
    "文号",
    "发布日期",
    "主题分类",
    "体裁",
    "有效性",
    "关键词",
    "栏目",
]


def row_of(doc: Document) -> list:
    return [
        doc.index_no,
        doc.title,
        doc.summary,
        doc.created_on.isoformat(),
        doc.agency.name,
        doc.doc_number,
        doc.published_on.isoformat() if doc.published_on else "",
        doc.topic,
        doc.genre,
        doc.get_validity_display(),
        doc.keywords,
        doc.column.name if doc.column else "",
    ]


def csv_lines(docs):
    """CSV as an iterator of lines (UTF-8 with BOM so that Excel opens it in Chinese)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    writer.writerow(HEADERS)
    for doc in docs:
        writer.writerow(row_of(doc))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def xlsx_bytes(docs, title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("目录")
    sheet.append([title])
    sheet.append(HEADERS)
    for doc in docs:
        sheet.append(row_of(doc))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def gazette_pdf(issue, docs, title: str) -> bytes:
    """The printable issue: cover line, contents, then each document in full (core.pdf's CJK font)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    from zhengwu.core.pdf import cjk_font

    font = cjk_font()
    base = {"fontName": font, "wordWrap": "CJK"}
    h1 = ParagraphStyle("h1", fontSize=22, leading=30, alignment=1, **base)
    h2 = ParagraphStyle("h2", fontSize=15, leading=22, alignment=1, spaceBefore=6, **base)
    meta = ParagraphStyle("meta", fontSize=10.5, leading=16, alignment=1, **base)
    text = ParagraphStyle("text", fontSize=11.5, leading=20, firstLineIndent=23, **base)
    toc = ParagraphStyle("toc", fontSize=11.5, leading=20, **base)

    out = io.BytesIO()
    pdf = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=22 * mm,
        bottomMargin=22 * mm,
        title=f"{title} {issue.year}年第{issue.number}期",
    )
    story = [
        Paragraph(escape(title), h1),
        Paragraph(
            f"{issue.year}年第{issue.number}期（{issue.published_on:%Y年%m月%d日}出版）", meta
        ),
        Spacer(1, 8 * mm),
        Paragraph("目　　录", h2),
    ]
    for doc in docs:
        line = escape(doc.title) + (f"（{escape(doc.doc_number)}）" if doc.doc_number else "")
        story.append(Paragraph(line, toc))
    for doc in docs:
        story += [PageBreak(), Paragraph(escape(doc.title), h2)]
        if doc.doc_number:
            story.append(Paragraph(escape(doc.doc_number), meta))
        story.append(Spacer(1, 4 * mm))
        for para in (doc.body or doc.summary or "").splitlines():
            if para.strip():
                story.append(Paragraph(escape(para.strip()), text))
        story.append(Paragraph(f"{escape(doc.agency.name)}　{doc.created_on:%Y年%m月%d日}", meta))
    pdf.build(story)
    return out.getvalue()
