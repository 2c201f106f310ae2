"""End to end in chromium: a village agent files a villager's application for the demo's
个体工商户设立登记 (吉首市市场监督管理局), the window accepts it, the officer and the head
handle and decide it, the window delivers; the public follows it by number and query code with
the villager's data masked. A citizen's online application reaches the same workbench."""

import re

import pytest

from zhengwu.core.identity import id_number_check_char

from .conftest import log_in, new_page

pytestmark = pytest.mark.browser

CITIZEN = "433101198803140228"
AGENT = "agent4331010020021"  # the demo agent of 新桥社区, 吉首市
ITEM = "个体工商户设立登记"
VILLAGER_ID = "43310119650211002" + id_number_check_char("43310119650211002")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def attach_materials(page, names):
    """Every required material as a small PDF: the file inputs are labelled by material."""
    for label in page.locator("input[type=file][required]").evaluate_all(
        "inputs => inputs.map(i => i.id)"
    ):
        page.set_input_files(
            f"#{label}",
            files=[{"name": f"{label}.pdf", "mimeType": "application/pdf", "buffer": PDF}],
        )
        names.append(label)


def press(page, button, **fields):
    for label, value in fields.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    error = page.locator("main [role=alert]")
    assert error.count() == 0, error.first.inner_text()


def test_an_agents_application_runs_to_a_result_and_is_tracked(browser, server_url):
    agent = log_in(browser, server_url, AGENT)
    agent.goto("/workbench/cases/agent/")
    value = agent.locator("#item-pick option", has_text=ITEM).first.get_attribute("value")
    agent.select_option("#item-pick", value=value)
    agent.get_by_role("button", name="选择").click()
    agent.wait_for_load_state()
    assert agent.locator("#origin option", has_text="新桥社区").count() == 1
    agent.get_by_label("姓名或名称").fill("龙秀兰")
    agent.get_by_label("居民身份证号（自然人）").fill(VILLAGER_ID)
    agent.get_by_label("联系电话").fill("13907430002")
    agent.get_by_label("申请事项说明").fill("在新桥社区开一家米粉店")
    attached = []
    attach_materials(agent, attached)
    assert "authorisation" in attached  # the signed authorisation is required of an agent
    press(agent, "登记申请")
    url = agent.url
    assert re.search(r"/workbench/cases/\d+/$", url)
    # the query code is shown once, when the case is registered (only its hash is kept)
    number, code = re.search(r"已登记办件(\S+?)，查询码(\d{6})", agent.inner_text("main")).groups()
    assert "村级代办" in agent.inner_text("main") and "龙秀兰" in agent.inner_text("main")

    window = log_in(browser, server_url, "window")
    window.goto("/workbench/cases/")
    window.get_by_role("link", name=number).first.click()
    window.wait_for_load_state()
    press(window, "受理（出具受理通知书）")
    assert "受理通知书" in window.inner_text("main")

    officer = log_in(browser, server_url, "officer")
    officer.goto(url)
    press(officer, "完成“审查”", 审查意见="材料齐全，经营场所真实")
    head = log_in(browser, server_url, "head")
    head.goto(url)
    # the licence's fields the head fills in (营业执照 of a 个体工商户; 经营者 and 注册日期 prefilled)
    press(
        head,
        "作出决定",
        统一社会信用代码="92433101MA4Q7L2X3K",
        名称="吉首市新桥龙秀兰米粉店",
        组成形式="个人经营",
        经营场所="吉首市乾州街道新桥社区",
        经营范围="餐饮服务（米粉）",
    )
    officer.goto(url)
    press(officer, "完成“办结”", 办结意见="已制作营业执照")
    window.goto(url)
    press(window, "送达并办结")
    main = window.inner_text("main")
    assert "已办结" in main and "验证码" in main
    assert "营业执照" in main

    public = new_page(browser, server_url)
    public.goto("/zwfw/track/")
    public.get_by_label("办件编号").fill(number)
    public.get_by_label("查询码").fill(code)
    public.get_by_role("button", name="查询").click()
    public.wait_for_load_state()
    text = public.inner_text("main")
    assert "已办结" in text and ITEM in text
    assert "龙秀兰" not in text and "13907430002" not in text and "0002" in text
    public.get_by_label("查询码").fill("00000000")
    public.get_by_role("button", name="查询").click()
    public.wait_for_load_state()
    assert public.locator("[role=alert]").count() == 1 and "已办结" not in public.inner_text("main")


def test_a_citizens_online_application_reaches_the_window(browser, server_url):
    citizen = log_in(browser, server_url, CITIZEN)
    citizen.goto("/site/433101/zwfw/?q=" + ITEM)  # 吉首市's sub-site
    citizen.get_by_role("link", name="在线办理").first.click()
    citizen.wait_for_load_state()
    assert ITEM in citizen.inner_text("h1")
    apply_url = citizen.url
    citizen.get_by_label("联系电话").fill("13907430001")
    citizen.get_by_role("button", name="提交申请").click()
    # the browser itself stops an application without its required materials
    assert citizen.url == apply_url
    attach_materials(citizen, [])
    press(citizen, "提交申请")
    assert re.search(r"/zwfw/my/\d+/$", citizen.url)
    mine = citizen.inner_text("main")
    assert "待受理" in mine and "仅显示一次" in mine  # the query code, shown once
    number = re.search(r"办件编号\s*(\d+)", mine).group(1)

    window = log_in(browser, server_url, "window")
    case_url = "/workbench/cases/" + citizen.url.rstrip("/").rsplit("/", 1)[1] + "/"
    window.goto(case_url)
    assert number in window.inner_text("main") and "网上申请" in window.inner_text("main")
    press(window, "受理（出具受理通知书）")
    citizen.reload()
    assert "办理中" in citizen.inner_text("main") and "承诺办结日期" in citizen.inner_text("main")


PHONE = {"width": 390, "height": 844}
WIDER_THAN_THE_SCREEN = "() => document.documentElement.scrollWidth - window.innerWidth"


def test_the_case_pages_fit_a_phone(browser, server_url):
    """On a 390-pixel phone no case page (nor an item's guide) scrolls sideways, and a list of
    cases is a card per case, each value labelled (the table's header row is not shown)."""
    pages = {
        "agent4331010020021": ["/workbench/cases/agent/"],
        "officer": ["/workbench/cases/", "/workbench/cases/?tab=done", "/workbench/"],
        "window": ["/workbench/cases/window/"],
        CITIZEN: ["/my/"],
        "914331010007700136": [],  # an enterprise: the apply page of an item with 情形
    }
    for username, paths in pages.items():
        page = log_in(browser, server_url, username)
        page.set_viewport_size(PHONE)
        if username == "officer":
            page.goto("/workbench/cases/")
            paths.append(page.locator("main table a").first.get_attribute("href"))
            labels = page.locator("main table.cards td[data-label]").first.evaluate(
                "td => getComputedStyle(td, '::before').content"
            )
            assert labels == '"事项："'
            assert page.locator("main table.cards thead").bounding_box()["x"] < 0
        if username == "914331010007700136":
            page.goto("/zwfw/")
            page.get_by_role("link", name="食品经营许可（新办）").first.click()
            page.wait_for_load_state()
            # its guide: the materials a card each, grouped by 情形
            assert page.evaluate(WIDER_THAN_THE_SCREEN) <= 0, page.url
            material = page.locator("main table.cards td[data-label='材料名称']").first
            assert material.evaluate("td => getComputedStyle(td, '::before').content") == (
                '"材料名称："'
            )
            page.get_by_role("link", name="在线办理").click()
            page.wait_for_load_state()
            paths.append(page.url.removeprefix(server_url))
            assert page.get_by_label("委托他人办理的", exact=True).count() == 1
        for path in paths:
            page.goto(path)
            assert page.evaluate(WIDER_THAN_THE_SCREEN) <= 0, f"{username} {path}"
        page.context.close()
