"""PDF fonts: the CJK TrueType font is embedded when installed; without it, STSong-Light with a
warning."""

import logging
from pathlib import Path

import pytest

from zhengwu.disclosure.requests import render


@pytest.fixture
def fresh_font(monkeypatch):
    monkeypatch.setattr(render, "_font_name", None)
    yield
    render._font_name = None


def test_embedded_font_when_installed(fresh_font):
    installed = any(Path(p).is_file() for p in render.FONT_CANDIDATES)
    name = render.cjk_font()
    assert name == ("ZhengwuCJK" if installed else "STSong-Light")
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont(name, 12)
    c.drawString(50, 800, "政府信息公开工作年度报告")
    c.save()
    assert (b"FontFile2" in buf.getvalue()) == installed


def test_fallback_to_stsong_with_a_warning(fresh_font, monkeypatch, settings, caplog):
    monkeypatch.setattr(render, "FONT_CANDIDATES", [])
    settings.ZHENGWU_CJK_FONT = "/nonexistent/font.ttc"
    with caplog.at_level(logging.WARNING, logger=render.__name__):
        assert render.cjk_font() == "STSong-Light"
    assert "STSong-Light" in caplog.text
