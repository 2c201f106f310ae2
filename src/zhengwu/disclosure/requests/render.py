"""Outputs: the annual report as PDF and XLSX, the 答复书 (answer letter) as text, PDF and DOCX.

PDF fonts: the embedded CJK font of `core.pdf`; DOCX: its `new_docx` base.
"""

from __future__ import annotations

import contextlib
import io

from zhengwu.core.errors import Invalid
from zhengwu.core.pdf import cjk_font, docx_bytes, new_docx

from . import annual, released
from .models import Request


def _styles():
    from reportlab.lib.styles import ParagraphStyle

    font = cjk_font()
    return {
        "title": ParagraphStyle(
            "t", fontName=font, fontSize=16, leading=24, alignment=1, spaceAfter=12
        ),
        "h": ParagraphStyle(
            "h", fontName=font, fontSize=12.5, leading=20, spaceBefore=10, spaceAfter=6
        ),
        "p": ParagraphStyle(
            "p", fontName=font, fontSize=10.5, leading=17, firstLineIndent=21, wordWrap="CJK"
        ),
        "cell": ParagraphStyle(
            "c", fontName=font, fontSize=7.5, leading=9.5, alignment=1, wordWrap="CJK"
        ),
        "right": ParagraphStyle("r", fontName=font, fontSize=10.5, leading=17, alignment=2),
    }


def _esc(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _pdf_table(cells, nrows, ncols, width, styles, first_col_width=None):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    grid = [["" for _ in range(ncols)] for _ in range(nrows)]
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), cjk_font()),
    ]
    for c in cells:
        grid[c.row][c.col] = Paragraph(_esc(c.text), styles["cell"])
        if c.rowspan > 1 or c.colspan > 1:
            commands.append(
                ("SPAN", (c.col, c.row), (c.col + c.colspan - 1, c.row + c.rowspan - 1))
            )
        if c.header:
            commands.append(
                ("BACKGROUND", (c.col, c.row), (c.col, c.row), colors.HexColor("#f2f2f2"))
            )
    widths = [width / ncols] * ncols
    if first_col_width:
        widths = first_col_width + [
            (width - sum(first_col_width)) / (ncols - len(first_col_width))
        ] * (ncols - len(first_col_width))
    table = Table(grid, colWidths=widths, repeatRows=0)
    table.setStyle(TableStyle(commands))
    return table


def report_pdf(data: dict) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=data["title"],
        author=data["agency"]["name"],
    )
    s = _styles()
    width = A4[0] - 30 * mm
    story = [Paragraph(_esc(data["title"]), s["title"])]
    story.append(
        Paragraph(
            _esc(
                f"本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{annual.FORMAT}的要求编制。"
                f"报告中所列数据的统计期限自{data['year']}年1月1日起至{data['year']}年12月31日止。"
            ),
            s["p"],
        )
    )
    t2, t3, t4 = data["table2"], data["table3"], data["table4"]
    for title in data["section_titles"]:
        story.append(Paragraph(_esc(title), s["h"]))
        if title in data["sections"]:
            for para in data["sections"][title].splitlines():
                if para.strip():
                    story.append(Paragraph(_esc(para), s["p"]))
        elif title.startswith("二"):
            cells, n, m = annual.layout2(t2)
            story.append(_pdf_table(cells, n, m, width, s))
        elif title.startswith("三"):
            cells, n, m = annual.layout3(t3)
            story.append(
                _pdf_table(cells, n, m, width, s, first_col_width=[18 * mm, 22 * mm, 46 * mm])
            )
        else:
            cells, n, m = annual.layout4(t4)
            story.append(_pdf_table(cells, n, m, width, s))
        story.append(Spacer(1, 4))
    doc.build(story)
    return buf.getvalue()


def report_xlsx(data: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheets = [
        ("表二 主动公开", annual.layout2(data["table2"]), "二、主动公开政府信息情况"),
        ("表三 依申请公开", annual.layout3(data["table3"]), "三、收到和处理政府信息公开申请情况"),
        ("表四 复议诉讼", annual.layout4(data["table4"]), "四、政府信息公开行政复议、行政诉讼情况"),
    ]
    for i, (name, (cells, nrows, ncols), heading) in enumerate(sheets):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = name
        ws.cell(row=1, column=1, value=f"{data['title']} {heading}").font = Font(bold=True)
        for c in cells:
            r, col = c.row + 2, c.col + 1
            value: int | float | str = int(c.text) if not c.header and c.text.isdigit() else c.text
            if not c.header and not isinstance(value, int):
                with contextlib.suppress(ValueError):
                    value = float(c.text)
            cell = ws.cell(row=r, column=col, value=value)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.font = Font(bold=c.header)
            if c.rowspan > 1 or c.colspan > 1:
                ws.merge_cells(
                    start_row=r,
                    start_column=col,
                    end_row=r + c.rowspan - 1,
                    end_column=col + c.colspan - 1,
                )
        for row in ws.iter_rows(min_row=2, max_row=nrows + 1, max_col=ncols):
            for cell in row:
                cell.border = border
        for col in range(1, ncols + 1):
            ws.column_dimensions[get_column_letter(col)].width = 14
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- 答复书


def letter_paragraphs(req: Request) -> dict:
    """The answer letter's parts, from the outcome's template, with the information provided and
    how it reaches the applicant; the applicant's own data unmasked (the letter goes to the
    applicant only)."""
    info = req.outcome_info
    if info is None:
        raise Invalid("该申请尚未答复，没有答复书", code="not_answered")
    agency = req.agency
    body = [
        f"{req.applicant_name}：",
        f"本机关于{req.received_on:%Y年%m月%d日}收到您提出的政府信息公开申请（申请编号：{req.number}），"
        f"您申请获取“{req.subject}”。",
        info.letter,
    ]
    if req.answer_reason:
        body.append(f"理由和说明：{req.answer_reason}")
    body += released.letter_lines(req)
    body.append(f"依据：{info.articles}。")
    body.append(
        "如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议，"
        "或者在六个月内依法向人民法院提起行政诉讼。"
    )
    contact = "；".join(
        x
        for x in [
            f"联系机构：{agency.disclosure_office}" if agency.disclosure_office else "",
            f"联系电话：{agency.phone}" if agency.phone else "",
            f"通信地址：{agency.address}" if agency.address else "",
        ]
        if x
    )
    if contact:
        body.append(contact + "。")
    return {
        "title": "政府信息公开申请答复书",
        "number": f"{agency.short_name or agency.name}依申请公开〔{req.answered_on:%Y}〕{req.number[-5:]}号",
        "body": body,
        "signature": agency.name,
        "date": f"{req.answered_on:%Y年%m月%d日}",
    }


def letter_pdf(req: Request) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    parts = letter_paragraphs(req)
    s = _styles()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=30 * mm,
        title=parts["title"],
        author=parts["signature"],
    )
    story = [
        Paragraph(_esc(parts["title"]), s["title"]),
        Paragraph(_esc(parts["number"]), s["right"]),
        Spacer(1, 8),
    ]
    first, *rest = parts["body"]
    story.append(Paragraph(_esc(first), s["h"]))
    story += [Paragraph(_esc(p), s["p"]) for p in rest]
    story += [
        Spacer(1, 24),
        Paragraph(_esc(parts["signature"]), s["right"]),
        Paragraph(_esc(parts["date"]), s["right"]),
    ]
    doc.build(story)
    return buf.getvalue()


def letter_docx(req: Request) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    parts = letter_paragraphs(req)
    doc = new_docx()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(parts["title"])
    run.bold = True
    run.font.size = Pt(20)
    doc.add_paragraph(parts["number"]).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for p in parts["body"]:
        doc.add_paragraph(p)
    for p in (parts["signature"], parts["date"]):
        doc.add_paragraph(p).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return docx_bytes(doc)
