"""PDF fonts: the CJK TrueType font is embedded (the project installs one: the
paperang-p2-fonts-cjk wheel, Debian's fonts-wqy-microhei in CI); without any, STSong-Light
with a warning. Every PDF producer uses the same font."""

import io
import logging
from pathlib import Path

import pytest
from pypdf import PdfReader

from zhengwu.core import pdf


@pytest.fixture
def fresh_font(monkeypatch):
    monkeypatch.setattr(pdf, "_font_name", None)
    yield
    pdf._font_name = None


def installed() -> bool:
    return any(Path(p).is_file() for p in [pdf._packaged_font(), *pdf.FONT_CANDIDATES] if p)


def test_the_project_installs_an_embeddable_font():
    assert Path(pdf._packaged_font()).is_file()  # a runtime dependency in pyproject.toml


def test_embedded_font_when_installed(fresh_font):
    name = pdf.cjk_font()
    assert name == ("ZhengwuCJK" if installed() else "STSong-Light")
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont(name, 12)
    c.drawString(50, 800, "政府信息公开工作年度报告")
    c.save()
    assert (b"FontFile2" in buf.getvalue()) == installed()
    assert (
        "政府信息公开工作年度报告" in PdfReader(io.BytesIO(buf.getvalue())).pages[0].extract_text()
    )


def test_fallback_to_stsong_with_a_warning(fresh_font, monkeypatch, settings, caplog):
    monkeypatch.setattr(pdf, "FONT_CANDIDATES", [])
    monkeypatch.setattr(pdf, "_packaged_font", lambda: "")
    settings.ZHENGWU_CJK_FONT = "/nonexistent/font.ttc"
    with caplog.at_level(logging.WARNING, logger=pdf.__name__):
        assert pdf.cjk_font() == "STSong-Light"
    assert "STSong-Light" in caplog.text


def test_the_qr_code_png_is_an_image_of_the_verification_address(settings):
    settings.ZHENGWU_PUBLIC_URL = "https://zwfw.xxz.gov.cn/"
    url = pdf.verify_url("AB12CD34EF56")
    assert url == "https://zwfw.xxz.gov.cn/zwfw/verify/AB12CD34EF56/"
    png = pdf.qr_png(url)
    assert png.startswith(b"\x89PNG")
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    assert image.size[0] == image.size[1] > 100  # square, scannable at print size
