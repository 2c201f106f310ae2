"""Attachments: type read from the bytes, size limit, server-made names, text for search,
downloads only of published documents."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zhengwu.core.errors import Invalid
from zhengwu.disclosure import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf_bytes(text: str) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.drawString(72, 720, text)
    c.save()
    return out.getvalue()


def docx_bytes(text: str) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_pdf_docx_xlsx_and_png_are_accepted_with_text_extracted(make_doc, officer):
    doc = make_doc()
    pdf = services.add_attachment(
        doc, "budget.pdf", pdf_bytes("Jishou budget 2025 revenue"), by=officer
    )
    assert pdf.content_type == "application/pdf" and "Jishou budget 2025" in pdf.text
    assert pdf.file.name.endswith(".pdf") and "budget" not in pdf.file.name  # server-made name
    word = services.add_attachment(doc, "说明.docx", docx_bytes("吉首市预算编制说明"), by=officer)
    assert "吉首市预算编制说明" in word.text and word.content_type.endswith(
        "wordprocessingml.document"
    )
    sheet = services.add_attachment(
        doc, "表.xlsx", xlsx_bytes([["科目", "金额"], ["教育支出", 12345]]), by=officer
    )
    assert "教育支出 12345" in sheet.text
    png = services.add_attachment(doc, "图.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, by=officer)
    assert png.content_type == "image/png" and png.text == ""


def test_a_renamed_executable_is_refused(make_doc, officer):
    with pytest.raises(Invalid) as e:
        services.add_attachment(make_doc(), "report.pdf", b"MZ\x90\x00" + b"\0" * 100, by=officer)
    assert e.value.code == "file_type" and "只接受" in e.value.message


def test_oversize_upload_is_refused_with_a_chinese_4xx(make_doc, officer, as_user, settings):
    settings.ZHENGWU_MAX_UPLOAD_BYTES = 1024 * 1024
    doc = make_doc()
    big = SimpleUploadedFile(
        "big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1), content_type="application/pdf"
    )
    response = as_user("disclosure").post(f"/workbench/disclosure/{doc.pk}/attach/", {"file": big})
    assert response.status_code == 422 and "附件过大" in response.content.decode()
    fake = SimpleUploadedFile(
        "x.docx", b"PK\x03\x04not really a zip", content_type="application/pdf"
    )
    response = as_user("disclosure").post(f"/workbench/disclosure/{doc.pk}/attach/", {"file": fake})
    assert response.status_code == 422 and "附件类型不允许" in response.content.decode()
    assert doc.attachments.count() == 0


def test_download_only_once_published_with_content_disposition(make_doc, officer, as_user):
    doc = make_doc()
    upload = SimpleUploadedFile(
        "预算表.pdf", pdf_bytes("table"), content_type="application/octet-stream"
    )
    assert (
        as_user("disclosure")
        .post(f"/workbench/disclosure/{doc.pk}/attach/", {"file": upload})
        .status_code
        == 302
    )
    att = doc.attachments.get()
    url = f"/xxgk/doc/{doc.pk}/files/{att.pk}/"
    assert Client().get(url).status_code == 404
    assert as_user("fh-supervisor").get(url).status_code == 404
    assert (
        as_user("disclosure").get(url).status_code == 200
    )  # staff of the agency, before publication
    services.submit(doc, by=officer)
    services.publish(doc, by=officer)
    response = Client().get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"].startswith("attachment;")
        and "filename" in response["Content-Disposition"]
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert Client().get(f"/xxgk/doc/{doc.pk}/files/999999/").status_code == 404
