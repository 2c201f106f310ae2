"""End to end in chromium: a citizen writes to the 州长信箱, the handler accepts, replies and
publishes, and the public reads the answer with the writer's phone masked."""

import re

import pytest

from .conftest import log_in, new_page

pytestmark = pytest.mark.browser

CITIZEN = "433101198803140228"


def test_a_letter_is_answered_and_published(browser, server_url):
    citizen = log_in(browser, server_url, CITIZEN)
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

    handler = log_in(browser, server_url, "handler")
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

    public = new_page(browser, server_url)
    public.goto(f"/hdjl/messages/{number}/")
    body = public.inner_text("main")
    assert "三个工作日内完成路灯维修" in body
    assert "13907430001" not in body and "139****0001" in body
    for label in ("受理日期", "答复日期", "答复部门"):
        assert label in body

    # The writer rates the answer; 不满意 goes to 好差评 as a bad rating to rectify.
    citizen.goto(f"/hdjl/my/{number}/")
    citizen.get_by_label("不满意", exact=True).check()
    citizen.get_by_label("意见（选填）").fill("维修太慢")
    citizen.get_by_role("button", name="提交评价").click()
    citizen.wait_for_load_state()
    assert "感谢您的评价" in citizen.inner_text("main")


def test_consultation_feedback_and_survey_results_are_public(page):
    page.goto("/hdjl/consultations/")
    page.get_by_role("link", name=re.compile("农村最低生活保障对象认定办法")).first.click()
    page.wait_for_load_state()
    assert "采纳" in page.inner_text("main")
    page.goto("/hdjl/surveys/")
    hrefs = page.locator("main a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    survey = next(h for h in hrefs if re.search(r"/hdjl/surveys/\d+/$", h or ""))
    page.goto(survey + "results/")
    results = page.inner_text("main")
    assert "%" in results or "票" in results or "人" in results
    # The charts are drawn by a script file, which the page's policy lets run.
    page.locator(".chart canvas").first.wait_for()


def test_public_supervision_figures_draw_their_chart(page):
    response = page.goto("/jd/")
    assert response.status == 200
    assert "红牌" in page.inner_text("main")
    page.locator("#chart-late canvas").wait_for()


def test_live_interview_updates_in_place(browser, server_url):
    public = new_page(browser, server_url)
    public.goto("/hdjl/interviews/")
    public.get_by_role("link", name="2027年义务教育招生入学政策解读").first.click()
    public.wait_for_load_state()
    interview_url = public.url

    admin = log_in(browser, server_url, "admin")
    pk = re.search(r"/interviews/(\d+)/", interview_url).group(1)
    admin.goto(f"/workbench/interaction/interviews/{pk}/")
    admin.get_by_role("button", name="开始直播").click()
    admin.wait_for_load_state()

    # A reader opens the live page and keeps it open; nothing reloads it from here on.
    public.goto(interview_url)
    assert "凭居住证和户口簿" not in public.inner_text("main")
    admin.select_option("#q", index=1)
    admin.get_by_label("内容").fill("凭居住证和户口簿到学区学校报名，具体以学校公告为准。")
    admin.get_by_role("button", name="发布").click()
    admin.wait_for_load_state()
    public.get_by_text("凭居住证和户口簿到学区学校报名").wait_for(timeout=30000)


def test_a_complaint_reaches_the_supervision_office(browser, server_url):
    citizen = log_in(browser, server_url, CITIZEN)
    citizen.goto("/hdjl/complain/")
    citizen.select_option("#about", label="单位")
    value = citizen.locator("#agency option", has_text="吉首市市场监督管理局").first.get_attribute(
        "value"
    )
    citizen.select_option("#agency", value=value)
    citizen.get_by_label("标题").fill("窗口工作人员办理营业执照时推诿")
    citizen.get_by_label("投诉内容").fill("三次到窗口办理均被要求补充不同材料，没有一次性告知。")
    citizen.get_by_role("button", name="提交投诉").click()
    citizen.wait_for_load_state()
    assert "窗口工作人员办理营业执照时推诿" in citizen.inner_text("main")

    supervisor = log_in(browser, server_url, "supervisor")
    supervisor.goto("/workbench/interaction/complaints/")
    assert "窗口工作人员办理营业执照时推诿" in supervisor.inner_text("main")
