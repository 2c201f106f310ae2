"""End to end in chromium, from the empty platform: the 州 office sets up a year's 考核方案 —
changes a weight (the total shown, 开始评分 refused while it is not 100), creates a satisfaction
survey on the 征集调查 pages and links it to 公众评议, adds a manual indicator that requires
evidence, starts the scoring, sees a later edit refused, and scores a county with a file."""

import datetime as dt
import re

import pytest

from .conftest import OFFICE_ADMIN, log_in, office_adds_agency

pytestmark = pytest.mark.browser

YEAR = "2039"  # a year of this test's own on the shared empty platform
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


SURVEY = "2039年度政务公开考核公众满意度调查"
OFFICE_USCI_SERIAL = 10939  # an agency of this test's own (the empty platform has none)


def chinese(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def survey_label(agency: str) -> str:
    today = dt.date.today()
    return f"{SURVEY}（{agency}，{chinese(today)}—{chinese(today + dt.timedelta(days=30))}）"


def a_survey(office, agency: str) -> None:
    """A survey with one 单选 question for 泸溪县, made on the 征集调查 pages."""
    today = dt.date.today()
    office.goto("/workbench/interaction/surveys/new/")
    office.get_by_label("发布单位（必填）").select_option(label=agency)
    office.get_by_label("标题（必填）").fill(SURVEY)
    office.get_by_label("开始日期（必填）").fill(today.isoformat())
    office.get_by_label("截止日期（必填）").fill((today + dt.timedelta(days=30)).isoformat())
    press(office, "保存调查")
    office.get_by_label("题目（必填）").fill("您对泸溪县政务公开和政务服务工作的评价")
    office.get_by_label("题型").select_option(label="单选")
    office.get_by_label(re.compile("^选项")).fill("满意\n基本满意\n不满意")
    press(office, "添加题目")


def press(page, button, *, refused=False):
    page.get_by_role("button", name=button).first.click()
    page.wait_for_load_state()
    error = page.locator("main [role=alert]")
    if refused:
        return error.first.inner_text()
    assert error.count() == 0, error.first.inner_text()
    return page.inner_text("main")


def edit(page, indicator: str):
    page.get_by_role("row", name=re.compile(indicator)).get_by_role(
        "link", name="修改", exact=True
    ).click()
    page.wait_for_load_state()


def test_the_office_sets_up_and_freezes_a_years_scheme(browser, empty_server_url):
    from zhengwu.org.demo import usci_for

    agency = "湘西土家族苗族自治州人民政府办公室"
    office = log_in(browser, empty_server_url, OFFICE_ADMIN)
    # the body that publishes the survey, added on the office's 机关单位 page
    office_adds_agency(office, agency, usci_for("433100", OFFICE_USCI_SERIAL), "433100", "机关")
    a_survey(office, agency)
    office.goto("/workbench/assessment/")
    office.get_by_label("年度").fill(YEAR)
    assert f"已建立{YEAR}年度考核方案" in press(office, "新建")
    assert "权重合计为100分" in office.inner_text("main")

    edit(office, "政务公开监督员评议")
    office.get_by_label("权重（分）").fill("5")
    assert "指标已修改" in press(office, "保存修改")
    assert office.locator("#total-weight").inner_text() == "95.0"
    assert "当前合计95.0分" in press(office, "开始评分", refused=True)

    office.goto(f"/workbench/assessment/{YEAR}/")
    office.get_by_label("问卷").select_option(label=survey_label(agency))
    assert "已关联公众评议问卷" in press(office, "关联问卷")
    assert f"问卷“{SURVEY}”" in office.inner_text("main")
    office.get_by_label("指标名称").fill("依法行政工作台账")
    office.get_by_label("权重（分）").fill("5")
    office.get_by_label("类型").select_option(label="人工评议")
    office.get_by_label("须附佐证材料（人工评议）").check()
    office.get_by_label("应提供的材料").fill("年度依法行政工作台账扫描件")
    assert "指标已增加" in press(office, "增加指标")
    assert office.locator("#total-weight").inner_text() == "100.0"
    assert "已开始评分" in press(office, "开始评分")
    assert "评分中" in office.inner_text("main")

    office.goto(f"/workbench/assessment/{YEAR}/history/")
    history = office.inner_text("main")
    assert "开始评分，指标体系冻结" in history and "增加指标“依法行政工作台账”" in history

    office.goto(f"/workbench/assessment/{YEAR}/")
    assert office.get_by_role("link", name="修改", exact=True).count() == 0  # frozen: no edit links
    # The edit form reached directly is refused in words.
    ind_url = office.evaluate("() => document.querySelector('#ind option:last-child').value")
    office.goto(f"/workbench/assessment/{YEAR}/indicators/{ind_url}/")
    office.get_by_label("权重（分）").fill("20")
    said = press(office, "保存修改", refused=True)
    assert said == f"{YEAR}年度考核方案已开始评分，指标不能再修改"

    office.goto(f"/workbench/assessment/{YEAR}/")
    office.get_by_label("指标", exact=True).select_option(
        label="依法行政工作台账（须附佐证材料：年度依法行政工作台账扫描件）"
    )
    office.get_by_label("被评议单位").select_option(label="泸溪县")
    office.get_by_label("评分（0—100）").fill("92")
    office.get_by_label("评议意见").fill("台账齐全，记录规范")
    assert "须附佐证材料" in press(office, "提交评议", refused=True)
    office.get_by_label(re.compile("^佐证材料")).set_input_files(
        {"name": "泸溪县依法行政台账.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    office.get_by_label("评分（0—100）").fill("92")
    assert "评议分已记录" in press(office, "提交评议")
    assert "泸溪县依法行政台账.pdf" in office.inner_text("main")
    office.context.close()
