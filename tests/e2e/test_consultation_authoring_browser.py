"""End to end in chromium (issue 22 §3): staff draft a consultation with two articles and open
it, a citizen comments on an article, staff moderate the comment, close the consultation, record
its adoption and publish the 采纳情况, and the public page (served from the page cache to
anonymous readers) shows it."""

import datetime as dt
import re

import pytest

from .conftest import log_in, new_page

pytestmark = pytest.mark.browser

CITIZEN = "433101198803140228"
TITLE = "湘西州城区夜间经济促进办法（征求意见稿）"


def test_staff_run_a_consultation_from_draft_to_feedback(browser, server_url):
    today = dt.date.today()
    staff = log_in(browser, server_url, "handler")
    staff.goto("/workbench/interaction/consultations/")
    staff.get_by_role("link", name="起草民意征集").click()
    staff.wait_for_load_state()
    staff.get_by_label("标题（必填）").fill(TITLE)
    staff.get_by_label("起草说明").fill("为繁荣夜间消费、规范夜市经营，起草本办法。")
    staff.get_by_label("征集开始日期（必填）").fill(today.isoformat())
    staff.get_by_label("征集截止日期（必填）").fill((today + dt.timedelta(days=30)).isoformat())
    staff.get_by_role("button", name="保存征集稿").click()
    staff.wait_for_load_state()
    assert "征集稿已保存（未发布）" in staff.inner_text("main")
    pk = re.search(r"/consultations/(\d+)/", staff.url).group(1)
    for heading, text in [
        ("第一条", "本办法适用于州内城区夜市和夜间经营场所。"),
        ("第二条", "夜市经营时间一般为18时至次日1时，临近居民区的不得超过24时。"),
    ]:
        staff.locator("#new-heading").fill(heading)
        staff.locator("#new-text").fill(text)
        staff.get_by_role("button", name="添加条目").click()
        staff.wait_for_load_state()
        assert "条目已添加" in staff.inner_text("main")
    staff.get_by_role("button", name="发布征集").click()
    staff.wait_for_load_state()
    assert "征集已发布" in staff.inner_text("main")

    reader = new_page(browser, server_url)  # anonymous: the cached page, no form on it
    reader.goto(f"/hdjl/consultations/{pk}/")
    assert "临近居民区的不得超过24时" in reader.inner_text("main")
    assert reader.locator("textarea#text").count() == 0

    citizen = log_in(browser, server_url, CITIZEN)
    citizen.goto(f"/hdjl/consultations/{pk}/")
    citizen.select_option("#section", label="第二条")
    citizen.locator("#text").fill("建议临近居民区的夜市22时后禁止使用高音喇叭。")
    citizen.get_by_role("button", name="提交意见").click()
    citizen.wait_for_load_state()
    assert "意见已提交" in citizen.inner_text("main")

    staff.reload()
    staff.get_by_role("button", name="公开", exact=True).click()
    staff.wait_for_load_state()
    assert "意见已公开" in staff.inner_text("main")
    reader.reload()
    assert "禁止使用高音喇叭" in reader.inner_text("main")  # the cache moved with it

    staff.get_by_role("button", name="结束征集").click()
    staff.wait_for_load_state()
    assert "征集已结束" in staff.inner_text("main")
    adopt = staff.locator("form:has(input[name=action][value=adopt])")
    adopt.locator("select[name=adoption]").select_option(label="部分采纳")
    adopt.locator("input[name=reason]").fill("改为22时后降低音量，不一律禁止")
    adopt.get_by_role("button", name="保存").click()
    staff.wait_for_load_state()
    staff.get_by_label("采纳情况说明").fill("共收到意见1条，部分采纳1条，已据此修改第二条。")
    staff.get_by_role("button", name="发布反馈").click()
    staff.wait_for_load_state()
    assert "反馈已公开" in staff.inner_text("main")

    reader.reload()
    public = reader.inner_text("main")
    assert "意见采纳情况" in public and "共收到意见1条，部分采纳1条" in public
    assert "部分采纳：改为22时后降低音量，不一律禁止" in public
