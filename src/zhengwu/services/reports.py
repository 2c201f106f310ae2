"""Spreadsheets of the catalogue: the yearly clean-up report as XLSX."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font


def _sheet(wb, title, header, rows):
    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for col, width in zip("ABCDEFGHIJ", [34, 22, 10, 10, 10, 10, 10, 10, 10, 10], strict=False):
        ws.column_dimensions[col].width = width
    return ws


def cleanup_xlsx(report: dict) -> bytes:
    """汇总 (per county), 按部门 (per agency), then one sheet listing each kind's items."""
    kinds = report["kinds"]
    labels = [label for _, label in kinds]
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(
        wb,
        "按县市汇总",
        ["区划", *labels],
        [[c["county"], *[c[k] for k, _ in kinds]] for c in report["per_county"]]
        + [["合计", *[report["totals"][k] for k, _ in kinds]]],
    )
    _sheet(
        wb,
        "按部门",
        ["实施主体", "县市", *labels],
        [[a["agency"], a["county"], *[a[k] for k, _ in kinds]] for a in report["per_agency"]],
    )
    for kind, label in kinds:
        if kind == "fees_cut":
            _sheet(
                wb,
                "取消收费明细",
                ["事项名称", "实施主体", "收费项目", "取消日期", "依据"],
                [
                    [f.item.name, f.item.agency.name, f.name, f.cut_on.isoformat(), f.cut_reason]
                    for f in report["fees"]
                ],
            )
            continue
        _sheet(
            wb,
            f"{label}事项明细",
            ["事项名称", "实施主体", "实施编码", "版本", "日期", "说明"],
            [
                [
                    i.name,
                    i.agency.name,
                    i.implementation_code,
                    i.version,
                    (
                        i.effective_on if kind in ("added", "revised") else i.cancelled_on
                    ).isoformat(),
                    i.change_note,
                ]
                for i in report["lists"][kind]
            ],
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
