"""End to end in chromium, 解读回应: the 吉首 disclosure officer puts out a policy document with
its interpretation (三同步), and both public pages link to each other; a press conference runs
from its notice to live text posts that reach an open public page without a reload, then to
its transcript."""

import datetime as dt
import re

import pytest

from .conftest import log_in, new_page

pytestmark = pytest.mark.browser

DOC = "吉首市城区临时停车泊位管理办法"
INTERP = "《吉首市城区临时停车泊位管理办法》政策解读"
TOPIC = "吉首市城区停车管理新闻发布会"


def press(page, button):
    page.get_by_role("button", name=button).first.click()
    page.wait_for_load_state()
    error = page.locator("main [role=alert]")
    assert error.count() == 0, error.first.inner_text()


def test_a_policy_document_goes_out_with_its_interpretation(browser, server_url):
    officer = log_in(browser, server_url, "disclosure")
    officer.goto("/workbench/disclosure/")
    officer.select_option("#n-agency", label="吉首市人民政府")
    press(officer, "起草")
    officer.get_by_label("名称（必填）").fill(DOC)
    officer.get_by_label("文号").fill("吉政发〔2026〕21号")
    officer.select_option("#d-genre", label="行政规范性文件")
    officer.get_by_label("正文").fill("第一条 为规范城区临时停车泊位的设置和使用，制定本办法。")
    press(officer, "保存")
    doc_url = officer.url
    assert "应同步起草政策解读" in officer.inner_text("main")

    officer.get_by_role("link", name="起草解读").click()
    officer.wait_for_load_state()
    officer.get_by_label("解读标题（必填）").fill(INTERP)
    officer.get_by_label("解读正文").fill(
        "一、制定背景\n城区停车供需矛盾突出。\n二、主要内容\n明确泊位设置、收费和管理。"
    )
    officer.get_by_label("一问一答（每组以“问：”“答：”开头，可选）").fill(
        "问：临时泊位如何收费？\n答：首小时免费，之后按时段收费。"
    )
    press(officer, "保存草稿")
    interp_url = officer.url
    press(officer, "提交审核")

    officer.goto(doc_url)
    assert INTERP in officer.inner_text("main")
    press(officer, "提交保密审查")
    press(officer, "审查通过并发布")
    officer.goto(interp_url)
    press(officer, "审核通过并发布")
    assert "解读已发布" in officer.inner_text("main")

    public = new_page(browser, server_url)
    doc_id = re.search(r"/workbench/disclosure/(\d+)/", doc_url).group(1)
    public.goto(f"/xxgk/doc/{doc_id}/")
    public.get_by_role("link", name=INTERP).click()
    public.wait_for_load_state()
    main = public.inner_text("main")
    assert "临时泊位如何收费？" in main and "首小时免费" in main
    public.get_by_role("link", name=DOC).first.click()
    public.wait_for_load_state()
    assert re.search(rf"/xxgk/doc/{doc_id}/$", public.url)


def test_a_press_conference_runs_from_notice_to_transcript(browser, server_url):
    officer = log_in(browser, server_url, "disclosure")
    officer.goto("/workbench/disclosure/press/")
    officer.select_option("#n-agency", label="吉首市人民政府")
    press(officer, "登记")
    starts = (dt.datetime.now() + dt.timedelta(days=1)).strftime("%Y-%m-%dT09:30")
    officer.get_by_label("发布会主题（必填）").fill(TOPIC)
    officer.get_by_label("召开时间（北京时间，必填）").fill(starts)
    officer.get_by_label("地点").fill("市政府新闻发布厅")
    officer.get_by_label("发布会预告").fill(
        "市人民政府新闻办公室将介绍城区停车管理办法，并回答记者提问。"
    )
    press(officer, "登记")
    conference_url = officer.url
    officer.get_by_label("发布人姓名").fill("演示发言人")
    officer.get_by_label("职务").fill("市人民政府新闻发言人")
    press(officer, "登记发布人")
    press(officer, "发布预告")

    public = new_page(browser, server_url)
    public.goto("/xxgk/xwfbh/")
    public.get_by_role("link", name=TOPIC).click()
    public.wait_for_load_state()
    public_url = public.url
    assert "发布会预告" in public.inner_text("main")

    press(officer, "开始直播")
    # A reader opens the live page and keeps it open; nothing reloads it from here on.
    public.goto(public_url)
    assert "直播中" in public.inner_text("main")
    assert "首小时免费" not in public.inner_text("main")
    officer.get_by_label("发言人", exact=True).fill("市人民政府新闻发言人 演示发言人")
    officer.get_by_label("提问媒体（回答记者提问时填写）").fill("团结报")
    officer.get_by_label("记者提问", exact=True).fill("临时泊位怎么收费？")
    officer.get_by_label("内容", exact=True).fill("首小时免费，之后按时段收费。")
    press(officer, "发布到直播")
    public.get_by_text("首小时免费，之后按时段收费").wait_for(timeout=30000)
    assert "团结报提问：临时泊位怎么收费？" in public.inner_text("main")

    press(officer, "结束发布会")
    officer.get_by_text("修改发布会信息、发布稿和实录说明").click()
    officer.get_by_label("发布稿").fill("吉首市城区临时停车泊位管理办法新闻发布稿。")
    press(officer, "保存")
    assert officer.url == conference_url

    public.goto(public_url)
    main = public.inner_text("main")
    assert "已结束" in main and "文字实录" in main and "首小时免费" in main
    assert "吉首市城区临时停车泊位管理办法新闻发布稿" in main
