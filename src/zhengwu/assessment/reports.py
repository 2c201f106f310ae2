"""The assessment report as PDF (reportlab, STSong-Light) and XLSX."""

from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from zhengwu.core import xlsx

FONT = "STSong-Light"


def rows(scheme):
    indicators = list(scheme.indicators.all())
    headers = ["类别", "名次", "被考核单位", "总分", "等次"] + [
        f"{i.name}（{i.weight}）" for i in indicators
    ]
    data = []
    for r in scheme.results.order_by("group", "rank", "name"):
        data.append(
            [
                r.get_group_display(),
                r.rank or "—",
                r.name,
                r.total if r.total is not None else "—",
                r.grade or "—",
            ]
            + [
                "暂无数据"
                if (r.scores.get(i.code) or {}).get("score") is None
                else r.scores[i.code]["score"]
                for i in indicators
            ]
        )
    return headers, data


def pdf(scheme) -> bytes:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), title=scheme.name)
    title = ParagraphStyle("t", fontName=FONT, fontSize=16, leading=22)
    body = ParagraphStyle("b", fontName=FONT, fontSize=9, leading=12)
    headers, data = rows(scheme)
    cell = ParagraphStyle("c", fontName=FONT, fontSize=7, leading=9)
    table = Table(
        [[Paragraph(str(h), cell) for h in headers]]
        + [[Paragraph(str(v), cell) for v in row] for row in data],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    note = (
        f"等次：优秀 ≥ {scheme.excellent_from} 分，良好 ≥ {scheme.good_from} 分，合格 ≥ {scheme.pass_from} 分，"
        "其余为不合格。暂无数据的指标不计，其余指标权重按比例折算为100分。"
    )
    doc.build(
        [Paragraph(scheme.name, title), Spacer(1, 8), Paragraph(note, body), Spacer(1, 8), table]
    )
    return buf.getvalue()


def xlsx_response(scheme):
    headers, data = rows(scheme)
    return xlsx.response(scheme.name, [("考核结果", headers, data)])
