"""A table page downloaded as XLSX (the same rows the page shows): 电子监察, 好差评 and 考核."""

from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook


def response(filename: str, sheets: list[tuple[str, list[str], list[list]]]) -> HttpResponse:
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append(headers)
        for row in rows:
            sheet.append(["" if v is None else v for v in row])
    buffer = BytesIO()
    book.save(buffer)
    resp = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.xlsx"
    return resp
