"""In chromium, at a desk's 1280×800: no table staff use all day squeezes a column to a character
a line — the 待办, 预警 and 已办 lists, and a case's page whose 办理环节 carries a long opinion
(the long cell is what made the browser squeeze the short ones) — and the 受理机关 picker
narrows its 126 bodies as one types."""

import pytest

from .conftest import log_in, new_page

pytestmark = pytest.mark.browser

DESK = {"width": 1280, "height": 800}
OPINION = (
    "经审查，申请人提交的公司登记申请书、公司章程、股东主体资格文件、住所使用相关文件齐全，"
    "符合法定形式；现场核查住所与申请材料一致，经营范围不涉及前置审批事项，"
    "同意转入下一环节办理，请承办人员在承诺时限内完成复核并报部门负责人决定。"
) * 2

# Each visible cell of the page's tables, as it is laid out: its column's header, its text, the
# number of lines its text takes and how many characters of the cell's font fit in its width.
CELLS = """() => [...document.querySelectorAll('main table th, main table td')]
  .filter(cell => cell.offsetParent !== null && cell.innerText.trim())
  .map(cell => {
    const style = getComputedStyle(cell);
    const size = parseFloat(style.fontSize);
    const width = cell.getBoundingClientRect().width
      - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const bottoms = [];
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width > 0) bottoms.push(r.bottom);
    }
    bottoms.sort((a, b) => a - b);
    let lines = 0, last = -1e9;
    for (const b of bottoms) if (b - last > size * 0.6) { lines += 1; last = b; }
    const heads = [...cell.closest('table').querySelectorAll('thead th')];
    const head = heads[cell.cellIndex];
    return {
      table: (cell.closest('table').caption || {}).innerText || '',
      column: head ? head.innerText.trim() : '',
      text: cell.innerText.trim().slice(0, 20),
      lines: lines,
      chars: width / size,
    };
  })"""

# Columns of short values, which stay on one line.
SHORT = {
    "环节",
    "状态",
    "状态 / 环节",
    "开始",
    "环节截止",
    "完成",
    "渠道",
    "收件",
    "承诺办结",
    "收到日期",
    "答复期限",
    "起算日",
    "截止日",
}


def squeezed(page) -> list[dict]:
    """The cells narrower than two characters whose text takes more than two lines, and the
    short values (环节, 状态, dates …) that do not fit on one line."""
    cells = page.evaluate(CELLS)
    assert cells, page.url
    return [
        c
        for c in cells
        if (c["chars"] < 2 and c["lines"] > 2) or (c["column"] in SHORT and c["lines"] > 1)
    ]


def test_no_column_of_the_workbench_is_a_character_wide_at_1280(browser, server_url):
    officer = log_in(browser, server_url, "officer")
    officer.set_viewport_size(DESK)
    officer.goto("/workbench/cases/")
    case_url = officer.locator("main table a").first.get_attribute("href")
    officer.goto(case_url)
    officer.locator("textarea[name=opinion]").fill(OPINION)
    officer.get_by_role("button", name="完成“").click()
    officer.wait_for_load_state()
    assert officer.locator("main [role=alert]").count() == 0
    officer.goto(case_url)
    steps = [c for c in officer.evaluate(CELLS) if c["table"] == "办理环节"]
    assert max(c["lines"] for c in steps) > 5  # the long opinion is there, on many lines
    assert {c["column"] for c in steps if c["lines"] == 1} >= {"环节", "时限", "状态", "开始"}
    pages = {
        "officer": [case_url, "/workbench/cases/", "/workbench/cases/?tab=warning"],
        "window": ["/workbench/cases/window/", "/workbench/cases/?tab=done", case_url],
        "agent4331010020021": ["/workbench/cases/agent/"],
        "disclosure": ["/workbench/requests/", "/workbench/requests/?done=1"],
        "supervisor": ["/workbench/supervision/"],
    }
    for username, paths in pages.items():
        page = officer if username == "officer" else log_in(browser, server_url, username)
        page.set_viewport_size(DESK)
        for path in paths:
            page.goto(path)
            assert squeezed(page) == [], f"{username} {path}"
        page.context.close()


def test_the_agency_picker_narrows_as_one_types(browser, server_url):
    page = new_page(browser, server_url)
    page.goto("/xxgk/apply/")
    groups = page.locator("#agency optgroup").evaluate_all("gs => gs.map(g => g.label)")
    assert groups[:3] == ["州本级", "吉首市", "泸溪县"]
    everyone = page.locator("#agency optgroup option").count()
    assert everyone > 100
    box = page.get_by_role("searchbox", name="输入名称中的字词筛选，如：吉首 公安")
    box.fill("凤凰 公安")
    shown = page.locator("#agency optgroup option:not([hidden])").all_inner_texts()
    assert shown == ["凤凰县公安局"]
    assert page.locator("#agency optgroup:not([hidden])").evaluate_all(
        "gs => gs.map(g => g.label)"
    ) == ["凤凰县"]
    chosen = page.locator("#agency").evaluate("s => s.options[s.selectedIndex].text")
    assert chosen == "凤凰县公安局" and "已选中" in page.inner_text("#agency-filter-count")
    box.fill("不存在的单位")
    assert page.locator("#agency optgroup option:not([hidden])").count() == 0
    assert "没有名称含" in page.inner_text("#agency-filter-count")
    box.fill("")
    assert page.locator("#agency optgroup option:not([hidden])").count() == everyone
    page.context.close()
