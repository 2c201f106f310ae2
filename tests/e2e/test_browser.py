"""End to end in chromium: log in, the deadline page, the sub-sites, registration errors."""

import re

import pytest

from zhengwu.org.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_staff_logs_in_and_sees_their_roles(page):
    page.goto("/")
    page.get_by_role("link", name="登录").click()
    page.get_by_label("用户名/证件号").fill("officer")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workbench/")
    assert page.get_by_role("heading", level=1).inner_text() == "工作台"
    body = page.inner_text("main")
    assert "部门经办人 · 吉首市市场监督管理局" in body
    assert "电子监察人员" not in body
    for heading in ("待办", "预警", "已办"):
        assert page.get_by_role("heading", name=heading).is_visible()
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("link", name="登录").is_visible()


def test_wrong_password_is_refused_in_chinese(page):
    page.goto("/accounts/login/")
    page.get_by_label("用户名/证件号").fill("officer")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    assert "用户名或密码不正确" in page.inner_text("main")


def test_deadline_page_computes_and_explains(page):
    page.goto("/tools/deadline/")
    page.get_by_label("起算日期（收到申请之日）").fill("2025-09-26")
    page.get_by_label("工作日数").fill("20")
    page.get_by_role("button", name="计算").click()
    assert page.locator("#due-date").inner_text() == "2025-10-30"
    table = page.get_by_role("table", name="期间跳过的非工作日")
    text = table.inner_text()
    assert "2025-10-01" in text and "国庆节" in text and "周六休息日" in text
    assert "2025-10-11" in page.inner_text("main")  # the make-up Saturday is listed


def test_from_the_prefecture_to_a_village(page):
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "湘西土家族苗族自治州人民政府"
    page.get_by_role("link", name="吉首市", exact=True).click()
    page.wait_for_url("**/site/433101/")
    assert page.get_by_role("heading", level=1).inner_text() == "吉首市人民政府"
    page.get_by_role("link", name="峒河街道", exact=True).click()
    page.wait_for_url("**/site/433101002/")
    assert page.get_by_role("heading", level=1).inner_text() == "峒河街道办事处"
    crumbs = page.get_by_role("navigation", name="位置").inner_text()
    assert "湘西土家族苗族自治州" in crumbs and "吉首市" in crumbs
    village_link = page.locator("main ul.links.columns a").first
    village = village_link.inner_text()
    village_link.click()
    page.wait_for_url(re.compile(r"/site/433101002\d{3}/$"))
    assert page.get_by_role("navigation", name="位置").inner_text().endswith(village)
    # The header names the village's own site, and the skip link is the first stop for the keyboard.
    assert village in page.locator("header .site-name").inner_text()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"


def test_registration_error_keeps_the_name(page):
    page.goto("/accounts/register/")
    page.get_by_label("姓名/单位名称").fill("彭小兰")
    page.get_by_label("居民身份证号").fill("433124199206180352")  # check digit should be 1
    page.get_by_label("手机号").fill("13974300123")
    page.get_by_label("密码", exact=True).fill("Laershan#2026")
    page.get_by_role("button", name="注册").click()
    assert "校验码不正确" in page.inner_text("main")
    assert page.get_by_label("姓名/单位名称").input_value() == "彭小兰"
    assert page.get_by_label("手机号").input_value() == "13974300123"


def test_api_documentation_renders_under_the_policy(page):
    page.goto("/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    assert "zhengwu 开放接口" in page.inner_text("body")
