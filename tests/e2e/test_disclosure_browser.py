"""End to end in chromium, 政府信息公开: the 吉首 disclosure officer drafts, reviews and publishes
a document, which the public then finds in the catalogue and through search; a citizen asks for
information the government holds, the officer runs the request to an answer, and the citizen
reads the answer online."""

import re

import pytest

from .conftest import log_in, new_page

pytestmark = pytest.mark.browser

CITIZEN = "433101198803140228"
TITLE = "吉首市峒河湿地公园管护办法"


def _pdf() -> bytes:
    import io

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.drawString(72, 720, "Jishou parking plan")
    c.save()
    return out.getvalue()


PDF = _pdf()


def press(page, button):
    page.get_by_role("button", name=button).first.click()
    page.wait_for_load_state()
    error = page.locator("main [role=alert]")
    assert error.count() == 0, error.first.inner_text()


def test_a_document_is_published_and_found(browser, server_url):
    officer = log_in(browser, server_url, "disclosure")
    officer.goto("/workbench/disclosure/")
    officer.select_option("#n-agency", label="吉首市人民政府")
    usci = officer.locator("#n-agency").input_value()
    press(officer, "起草")
    officer.get_by_label("名称（必填）").fill(TITLE)
    officer.get_by_label("文号").fill("吉政发〔2026〕9号")
    officer.get_by_label("关键词").fill("湿地 管护")
    officer.get_by_label("内容概述").fill("明确峒河湿地公园的管护责任、巡查制度和禁止行为。")
    officer.get_by_label("正文").fill(
        "第一条 为加强峒河湿地公园保护管理，根据有关法律法规，结合本市实际，制定本办法。"
    )
    press(officer, "保存")
    doc_url = officer.url
    assert re.search(r"/workbench/disclosure/\d+/$", doc_url)
    index_no = re.search(r"(\w+/\d{4}-\d+)", officer.inner_text("nav.breadcrumb")).group(1)
    press(officer, "提交保密审查")
    press(officer, "审查通过并发布")
    assert "已发布" in officer.inner_text("main")

    public = new_page(browser, server_url)
    public.goto(f"/site/433101/xxgk/{usci}/catalogue/")
    public.get_by_role("link", name=TITLE).first.click()
    public.wait_for_load_state()
    text = public.inner_text("main")
    assert index_no in text and "吉政发〔2026〕9号" in text and "现行有效" in text
    public.goto("/search/?q=湿地管护")
    assert TITLE in public.inner_text("main")

    # withdrawn with a reason, it leaves the public catalogue at once
    officer.goto(doc_url)
    officer.get_by_label("撤回理由").fill("文号有误，更正后重新发布")
    press(officer, "撤回")
    public.goto(f"/site/433101/xxgk/{usci}/catalogue/")
    assert TITLE not in public.inner_text("main")


def test_a_request_is_answered_and_read_online(browser, server_url):
    citizen = log_in(browser, server_url, CITIZEN)
    citizen.goto("/site/433101/xxgk/apply/")
    citizen.select_option("#agency", label="吉首市人民政府")
    assert citizen.get_by_label("姓名或名称").input_value()  # prefilled from the account
    citizen.get_by_label("所需政府信息的名称").fill("2025年吉首市城区停车位规划建设情况")
    citizen.get_by_label("联系电话").fill("13907430001")
    press(citizen, "提交申请")
    text = citizen.inner_text("main")
    number = re.search(r"申请编号\s*(\S+)", text).group(1)

    officer = log_in(browser, server_url, "disclosure")
    officer.goto(f"/workbench/requests/{number}/")
    press(officer, "开始审核")
    press(officer, "审核通过，转入办理")
    outcome = officer.locator("#outcome option", has_text="予以公开").first.get_attribute("value")
    officer.select_option("#outcome", value=outcome)
    officer.get_by_label("理由与说明").fill("所申请信息见所附专项规划。")
    # 予以公开 with nothing attached is refused, and what was typed stays
    officer.get_by_role("button", name="作出答复").click()
    officer.wait_for_load_state()
    assert "应当提供所申请的信息" in officer.inner_text("main [role=alert]")
    assert officer.get_by_label("理由与说明").input_value() == "所申请信息见所附专项规划。"
    plan = {"name": "吉首市城区停车设施专项规划.pdf", "mimeType": "application/pdf", "buffer": PDF}
    officer.set_input_files("#released_file", files=[plan])
    press(officer, "上传")
    assert "吉首市城区停车设施专项规划（PDF文件，1页）" in officer.inner_text("main")
    officer.select_option("#outcome", value=outcome)
    press(officer, "作出答复")
    assert "已答复" in officer.inner_text("main")

    citizen.goto(f"/my/requests/{number}/")
    mine = citizen.inner_text("main")
    assert "已答复" in mine and "予以公开" in mine and "下载答复书（PDF）" in mine
    letter = citizen.request.get(f"/my/requests/{number}/letter.pdf")
    assert letter.status == 200 and letter.body().startswith(b"%PDF")
    link = citizen.get_by_role("link", name="吉首市城区停车设施专项规划").get_attribute("href")
    got = citizen.request.get(link)
    assert got.status == 200 and got.body() == PDF
