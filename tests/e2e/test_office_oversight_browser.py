"""社会监督 from an empty platform, in the browser: the office appoints a 人大代表 with an account;
the supervisor files a finding about a body; the office assigns it; the body's officer
rectifies; the supervisor confirms. A press report goes through assign → rectify → confirm by
the office. The item's page shows the clock's due date, the body's workbench its 待办, and the
public page and the targets page count what was rectified.

The body (an agency) and its officer's account are made by the office on its own pages first
(机关单位, 人员与角色); the officer and the supervisor change their initial passwords at first
login."""

import datetime as dt
import re

from zhengwu.org.demo import DEMO_PASSWORD, usci_for

from .conftest import (
    OFFICE_ADMIN,
    first_log_in,
    log_in,
    new_page,
    office_adds_agency,
    office_adds_staff,
)

BODY = "湘西州政务公开测试局（社会监督）"


def _submit(page, name: str):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_findings_and_media_through_the_pages(browser, empty_server_url):
    url = empty_server_url
    today = dt.date.today()

    office = log_in(browser, url, OFFICE_ADMIN)
    office_adds_agency(office, BODY, usci_for("433100", 9731), "433100")
    office_adds_staff(office, "ov-officer", "测试局经办人", "部门经办人", BODY)
    office.goto("/workbench/oversight/supervisors/")
    office.get_by_label("姓名（必填）").fill("向丽萍")
    office.get_by_label("类别（必填）").select_option(label="人大代表")
    office.get_by_label("工作单位及职务").fill("州人大代表（浏览器测试）")
    office.get_by_label("联系电话").fill("13907435678")
    office.get_by_label("监督范围（必填）").select_option("433100")
    office.get_by_label("聘任起始日（必填）").fill(f"{today.year}-01-01")
    office.get_by_label("聘任截止日（必填）").fill(f"{today.year + 4}-12-31")
    office.get_by_label("用户名").fill("ov-rd-xiang")
    office.get_by_label("初始密码").fill(DEMO_PASSWORD)
    _submit(office, "聘任")
    assert "已聘任向丽萍（人大代表），登录账户为ov-rd-xiang（初始密码" in office.content()

    member = first_log_in(browser, url, "ov-rd-xiang", "Jiandu-Yuan-2026")
    member.goto("/workbench/oversight/findings/new/")
    member.get_by_label("涉及单位（必填）").select_option(label=BODY)
    member.get_by_label("类型（必填）").select_option(label="问题线索")
    member.get_by_label("标题（必填）").fill("重大行政决策未公开征求意见（浏览器测试）")
    member.get_by_label("具体内容（必填）").fill("某项决策草案未在网站公开征求意见。")
    _submit(member, "提交")
    assert "监督意见已提交" in member.content()
    finding_url = member.url

    office.goto(finding_url)
    _submit(office, "交办")
    text = office.content()
    due = re.search(r"整改期限为(\d{4}年\d{1,2}月\d{1,2}日)", text).group(1)
    assert f"待{BODY}于{due}前整改" in text

    officer = first_log_in(browser, url, "ov-officer", "Jingban-Ren-2026")
    officer.goto("/workbench/")
    assert "社会监督" in officer.content()
    officer.goto("/workbench/oversight/")
    assert (
        "重大行政决策未公开征求意见（浏览器测试）" in officer.content() and due in officer.content()
    )
    officer.goto(finding_url)
    officer.get_by_label("整改情况（必填）").fill("已补充公开征求意见。")
    _submit(officer, "提交整改情况")
    assert "整改情况已反馈，待监督员向丽萍确认" in officer.content()

    member.goto(finding_url)
    _submit(member, "确认整改到位")
    assert "已确认整改到位" in member.content() and "已办结" in member.content()

    office.goto("/workbench/oversight/media/new/")
    office.get_by_label("媒体名称（必填）").fill("团结报")
    office.get_by_label("报道日期（必填）").fill(today.isoformat())
    office.get_by_label("涉及单位（必填）").select_option(label=BODY)
    office.get_by_label("报道标题（必填）").fill("办事窗口一次性告知不到位（浏览器测试）")
    office.get_by_label("反映的问题（摘要，必填）").fill("群众反映需多次往返补交材料。")
    _submit(office, "登记")
    assert "媒体监督事项已登记" in office.content()
    media_url = office.url
    _submit(office, "交办")
    assert "整改期限为" in office.content()
    officer.goto(media_url)
    officer.get_by_label("整改情况（必填）").fill("已制作一次性告知清单。")
    _submit(officer, "提交整改情况")
    assert "待政务公开办确认" in officer.content()
    office.goto(media_url)
    _submit(office, "确认整改到位")
    assert "已确认整改到位" in office.content()

    # the public page: the roster without its phone, what was rectified on time this period
    visitor = new_page(browser, url)
    visitor.goto("/shjd/")
    page = visitor.content()
    assert "向丽萍" in page and "13907435678" not in page
    assert re.search(r"\d+件 / [1-9]\d*件", page)
    visitor.goto("/jd/targets/")
    assert "社会监督意见按期整改率" in visitor.content()
    for p in (office, member, officer, visitor):
        p.context.close()
