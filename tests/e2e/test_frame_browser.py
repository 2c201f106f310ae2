"""In chromium, against the server as `make run` starts it (DEBUG off): the error pages read
as the site's own, with their way back; the footer; 大字版 with and without script."""

import pytest

from .conftest import new_page

pytestmark = pytest.mark.browser


def read_error_page(page, url: str, status: int, heading: str) -> None:
    response = page.goto(url)
    assert response.status == status
    assert page.get_by_role("heading", level=1).inner_text() == heading
    body = page.inner_text("body")
    assert "You're seeing this error" not in body and "Page not found" not in body
    # The site's stylesheet is there with DEBUG off (WhiteNoise): the red header.
    header = page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor")
    assert header == "rgb(166, 27, 27)"


def test_error_pages_read_as_the_site_s_own(page):
    read_error_page(page, "/xxgk/doc/99999/", 404, "页面不存在")
    way_back = page.get_by_role("navigation", name="返回")
    assert way_back.get_by_role("link", name="返回首页").get_attribute("href") == "/"
    assert way_back.get_by_role("link", name="返回上一页").is_visible()
    search = page.get_by_role("search")
    search.get_by_label("站内搜索").fill("营业执照")
    search.get_by_role("button", name="搜索").click()
    page.wait_for_url("**/search/?q=*")
    assert page.get_by_role("heading", level=1).inner_text() == "站内检索"

    read_error_page(page, "/site/999999/", 404, "页面不存在")
    assert "没有这个站点" in page.inner_text("main")


def test_an_annual_report_not_yet_published_offers_the_way_back(page):
    page.goto("/site/433101/wzdt/")
    main = page.get_by_role("main")
    agency = main.get_by_role("link", name="吉首市人民政府", exact=True).get_attribute("href")
    response = page.goto(f"{agency}annual-report/2010/")
    assert response.status == 404
    assert (
        page.get_by_role("heading", level=1).inner_text().endswith("2010年政府信息公开工作年度报告")
    )
    assert "2010年度报告尚未发布" in page.inner_text("main")
    way_back = page.get_by_role("navigation", name="返回")
    assert way_back.get_by_role("link", name="返回首页").get_attribute("href") == "/site/433101/"
    assert way_back.get_by_role(
        "link", name="前往湘西土家族苗族自治州人民政府门户首页"
    ).is_visible()
    # 返回上一页 goes back in the history: to the 网站地图 the visitor came from.
    page.goto("/site/433101/wzdt/")
    page.evaluate(f"window.location.href = '{agency}annual-report/2010/pdf/'")
    page.wait_for_url("**/pdf/")
    assert page.get_by_role("heading", level=1).inner_text() == "页面不存在"
    page.get_by_role("link", name="返回上一页").click()
    page.wait_for_url("**/site/433101/wzdt/")


def test_the_footer_and_its_pages(page):
    page.goto("/site/433123/")
    footer = page.get_by_role("contentinfo")
    text = footer.inner_text()
    assert "主办单位：凤凰县人民政府" in text and "网站标识码：DEMO433123" in text
    police = footer.get_by_role("link", name="湘公网安备43312300000000号（演示）")
    assert police.get_attribute("href").startswith("https://beian.mps.gov.cn/")
    footer.get_by_role("link", name="联系我们").click()
    page.wait_for_url("**/site/433123/lxwm/")
    assert page.get_by_role("heading", level=1).inner_text() == "联系我们"
    page.get_by_role("contentinfo").get_by_role("link", name="网站地图").click()
    page.wait_for_url("**/site/433123/wzdt/")
    assert page.get_by_role("heading", name="政务服务").is_visible()


def body_font_size(page) -> float:
    return float(page.evaluate("getComputedStyle(document.body).fontSize").removesuffix("px"))


def test_large_text_switches_in_place_and_is_remembered(page):
    page.goto("/xxgk/")
    standard = body_font_size(page)
    switch = page.get_by_role("button", name="大字版")
    assert switch.get_attribute("aria-pressed") == "false"
    switch.click()
    page.wait_for_function("document.documentElement.classList.contains('large-text')")
    assert switch.get_attribute("aria-pressed") == "true"
    large = body_font_size(page)
    assert large >= 18 and large > standard
    line = page.evaluate("getComputedStyle(document.body).lineHeight").removesuffix("px")
    assert float(line) / large >= 1.8
    page.goto("/site/433101/")  # remembered on every page, from the server
    assert body_font_size(page) == large
    page.get_by_role("button", name="大字版").click()  # and off again
    page.wait_for_function("!document.documentElement.classList.contains('large-text')")
    page.reload()
    assert body_font_size(page) == standard


def test_large_text_works_without_script(browser, server_url):
    context = browser.new_context(base_url=server_url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/hdjl/")
        standard = body_font_size(page)
        page.get_by_role("button", name="大字版").click()
        page.wait_for_url("**/hdjl/")
        assert page.get_by_role("button", name="大字版").get_attribute("aria-pressed") == "true"
        assert body_font_size(page) > standard
    finally:
        context.close()


def test_a_fresh_visitor_sees_the_standard_page_after_another_chose_large_text(browser, server_url):
    one = new_page(browser, server_url)
    one.goto("/wzdt/")
    one.get_by_role("button", name="大字版").click()
    one.wait_for_function("document.documentElement.classList.contains('large-text')")
    one.reload()
    two = new_page(browser, server_url)
    two.goto("/wzdt/")
    assert body_font_size(two) < body_font_size(one)
    one.context.close()
    two.context.close()
