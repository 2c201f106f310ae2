"""End to end in chromium, a township's own site: the 峒河街道 clerk logs in, writes a news item
on the township's sub-site, submits it; the 政务公开办 reviewer publishes it from the list of
items awaiting review; the public sees it on the township's 工作动态 and its home page."""

import re

import pytest

from .conftest import log_in, new_page

pytestmark = pytest.mark.browser

TITLE = "峒河街道开展冬季消防安全入户宣传"
SITE = "/site/433101002"


def press(page, button):
    page.get_by_role("button", name=button).first.click()
    page.wait_for_load_state()
    error = page.locator("main [role=alert]")
    assert error.count() == 0, error.first.inner_text()


def test_a_township_clerk_publishes_news_on_the_township_site(browser, server_url):
    clerk = log_in(browser, server_url, "township")
    clerk.goto("/workbench/websites/")
    clerk.get_by_role("link", name="峒河街道网站").click()
    clerk.wait_for_load_state()
    clerk.get_by_role("row", name=re.compile("工作动态")).get_by_role("link", name="撰写").click()
    clerk.wait_for_load_state()
    clerk.get_by_label("标题（必填）").fill(TITLE)
    clerk.get_by_label("正文（必填）").fill("近日，峒河街道组织网格员入户开展冬季消防安全宣传。")
    press(clerk, "保存草稿")
    assert "草稿已保存" in clerk.inner_text("main")
    press(clerk, "提交审核")
    assert "已提交审核" in clerk.inner_text("main")

    reviewer = log_in(browser, server_url, "admin")
    reviewer.goto("/workbench/websites/")
    reviewer.get_by_role("link", name=TITLE).click()
    reviewer.wait_for_load_state()
    press(reviewer, "审核通过并发布")
    assert "已发布" in reviewer.inner_text("main")

    public = new_page(browser, server_url)
    public.goto(f"{SITE}/lm/dtyw/")
    public.get_by_role("link", name=TITLE).click()
    public.wait_for_load_state()
    assert "入户开展冬季消防安全宣传" in public.inner_text("main")
    public.goto(f"{SITE}/")
    assert TITLE in public.inner_text("main")
    for p in (clerk, reviewer, public):
        p.context.close()
