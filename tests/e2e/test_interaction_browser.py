"""End to end in chromium: a citizen writes to the 州长信箱, the handler accepts, replies and
publishes, and the public reads the answer with the writer's phone masked."""

import re

import pytest

from zhengwu.org.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

CITIZEN = "433101198803140228"


def log_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("用户名/证件号").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_a_letter_is_answered_and_published(browser, server_url):
    citizen = browser.new_context(base_url=server_url, locale="zh-CN").new_page()
    log_in(citizen, CITIZEN)
    citizen.goto("/hdjl/write/")
    value = citizen.locator("#mailbox option", has_text="州长信箱").first.get_attribute("value")
    citizen.select_option("#mailbox", value=value)
    citizen.get_by_label("标题").fill("峒河沿岸路灯损坏请求维修")
    citizen.get_by_label("内容").fill(
        "峒河沿岸步道路灯已坏半个月，晚上出行不便，请尽快维修。联系电话13907430001。"
    )
    citizen.get_by_role("button", name="提交留言").click()
    citizen.wait_for_load_state()
    text = citizen.inner_text("main")
    number = re.search(r"留言编号\s*(\S+)", text).group(1)

    handler = browser.new_context(base_url=server_url, locale="zh-CN").new_page()
    log_in(handler, "handler")
    handler.goto("/workbench/interaction/")
    handler.get_by_role("link", name=number, exact=True).click()
    handler.wait_for_load_state()
    handler.get_by_role("button", name="受理", exact=True).click()
    handler.wait_for_load_state()
    handler.get_by_label("答复内容").fill("已交吉首市城市管理部门，三个工作日内完成路灯维修。")
    handler.get_by_role("button", name="提交答复").click()
    handler.wait_for_load_state()
    handler.get_by_role("button", name="审核通过并公开").click()
    handler.wait_for_load_state()

    public = browser.new_context(base_url=server_url, locale="zh-CN").new_page()
    public.goto(f"/hdjl/messages/{number}/")
    body = public.inner_text("main")
    assert "三个工作日内完成路灯维修" in body
    assert "13907430001" not in body and "139****0001" in body
    for label in ("受理日期", "答复日期", "答复部门"):
        assert label in body
