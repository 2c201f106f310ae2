"""End to end in chromium, from the empty platform: the 州政务公开办 adds 吉首's education
department, registers a school under sector 教育, sees its catalogue columns and opens the
school's officer account; the officer publishes one item in 招生信息; the public reads it on
the school's page. Then the office enters a province figure and opens the satisfaction page.
The platform is shared with other browser tests: every record here has a code of its own."""

import datetime as dt

import pytest

from .conftest import first_log_in, log_in, new_page

pytestmark = pytest.mark.browser

SCHOOL = "吉首市浏览器测试学校"
ITEM = "2026年秋季招生工作方案（浏览器测试）"
OFFICER = "e2e-school-officer"


def _usci(serial: int, registry: str) -> str:
    from zhengwu.org.demo import usci_for

    return usci_for("433101", serial, registry=registry)


def press(page, button):
    page.get_by_role("button", name=button).first.click()
    page.wait_for_load_state()
    error = page.locator("main [role=alert]")
    assert error.count() == 0, error.first.inner_text()


def test_the_office_registers_a_school_whose_officer_publishes(browser, empty_server_url):
    from zhengwu.org.demo import DEMO_PASSWORD

    department, school = _usci(97001, "11"), _usci(97002, "12")
    office = log_in(browser, empty_server_url, "office")
    office.goto("/workbench/")
    office.get_by_role("link", name="公共企事业单位信息公开").first.click()
    office.wait_for_load_state()
    assert "登记公共企事业单位" in office.inner_text("main")
    if office.locator(f'#supervisor option[value="{department}"]').count() == 0:
        office.locator("#d-name").fill("吉首市教育局")
        office.locator("#d-usci").fill(department)
        office.locator("#d-j").select_option("433101")
        press(office, "新增主管部门")
        assert "已新增主管部门“吉首市教育局”" in office.inner_text("main")

    office.locator("#usci").fill(school)
    office.locator("#name").fill(SCHOOL)
    office.locator("#jurisdiction").select_option("433101")
    office.locator("#sector").select_option(label="教育")
    office.locator("#supervisor").select_option(department)
    office.locator("#contact_person").fill("王老师")
    office.locator("#contact_phone").fill("13907439876")
    press(office, "登记")
    main = office.inner_text("main")
    assert f"已登记“{SCHOOL}”" in main
    for column in ["学校概况", "招生信息", "收费项目及标准", "学生资助", "财务信息", "安全管理"]:
        assert column in main
    assert "暂无内容" in main

    office.locator("#username").fill(OFFICER)
    office.locator("#real_name").fill("王老师")
    office.locator("#password").fill(DEMO_PASSWORD)
    press(office, "开设账户")
    assert f"开设信息公开工作人员账户“{OFFICER}”" in office.inner_text("main")

    officer = first_log_in(browser, empty_server_url, OFFICER, "Wang-Laoshi-2026")
    officer.goto(f"/workbench/ggqsy/{school}/")
    officer.get_by_role("link", name="在栏目中发布信息").click()
    officer.wait_for_load_state()
    officer.get_by_label("名称（必填）").fill(ITEM)
    officer.locator("#d-column").select_option("jy-02")
    officer.get_by_label("正文").fill("本校2026年秋季招生工作方案如下。")
    press(officer, "保存")
    press(officer, "提交保密审查")
    press(officer, "审查通过并发布")
    officer.goto(f"/workbench/ggqsy/{school}/")
    row = officer.get_by_role("row", name="招生信息")
    assert "正常" in row.inner_text()

    public = new_page(browser, empty_server_url)
    public.goto("/xxgk/ggqsy/")
    public.get_by_role("link", name=SCHOOL).click()
    public.wait_for_load_state()
    text = public.inner_text("main")
    assert ITEM in text and "招生信息" in text
    assert "139****9876" in text and "13907439876" not in text
    public.get_by_role("link", name=ITEM).click()
    public.wait_for_load_state()
    assert ITEM in public.inner_text("main")


def test_the_office_enters_a_province_figure_and_reads_the_satisfaction_page(
    browser, empty_server_url
):
    year = dt.date.today().year - 1
    office = log_in(browser, empty_server_url, "office")
    office.goto("/workbench/ratings/province/")
    office.get_by_label("年度").fill(str(year))
    office.get_by_label("地区").fill("湘西州")
    office.get_by_label("好评率（%）").fill("99.62")
    office.get_by_label("来源").fill("演示数据（浏览器测试，非省里公布）")
    press(office, "保存")
    assert f"已录入{year}年湘西州好评率99.62%" in office.inner_text("main")
    office.goto(f"/workbench/ratings/satisfaction/?year={year}")
    main = office.inner_text("main")
    assert "政务服务满意度" in main and "湘西州好评率99.62%" in main and "排第" in main
    public = new_page(browser, empty_server_url)
    public.goto(f"/jd/satisfaction/?year={year}")
    assert "来源：演示数据（浏览器测试，非省里公布）" in public.inner_text("main")
