"""The audit trail of a case reads like a register for a 监察 officer (issue 19 §2): the case
by what people call it, actions in Chinese, who acted as 姓名（岗位，机关）, the applicant
masked, times in 北京时间 to the second, on the page and in its export; a card's trail shows
the events that made it; the case's 办理记录 names people as each reader may see them."""

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from zhengwu.cases import services
from zhengwu.core.errors import Conflict
from zhengwu.core.masking import mask_name
from zhengwu.core.models import AuditEvent
from zhengwu.org.models import RoleAssignment
from zhengwu.supervision import services as supervision
from zhengwu.supervision.models import Card

from .conftest import file_online, text_of

BEIJING = ZoneInfo("Asia/Shanghai")
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def section(page, heading: str) -> str:
    """The HTML from a heading or caption to the end of its table or list."""
    text = page.content.decode()
    start = text.index(heading)
    ends = [i for i in (text.find("</table>", start), text.find("</ul>", start)) if i > 0]
    return text[start : min(ends)]


@pytest.fixture
def handled(item, staff, citizen):
    """A case the citizen filed online and the window accepted, and a second acceptance that
    lost the race (recorded as failed)."""
    case = file_online(item, citizen, "audit-trail")
    services.accept(case, by=staff["window"])
    with pytest.raises(Conflict):
        services.accept(case, by=staff["window"], version=1)
    return case


def window_post(window) -> str:
    """窗口工作人员，吉首市政务服务中心: the window's post and the centre it sits in."""
    assignment = RoleAssignment.objects.select_related("centre").get(user=window)
    return f"窗口工作人员，{assignment.centre.name}"


def test_the_audit_page_of_a_case_reads_like_a_register(handled, item, staff, citizen, as_user):
    page = as_user("supervisor").get(f"/workbench/supervision/audit/cases.case/{handled.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert f"<h1>审计轨迹：办件 {handled.number}号 {item.name}</h1>" in text
    # actions in Chinese, never their code
    for words in ["提交申请", "受理", "成功", "失败", "未能办理的原因", "状态：待受理 → 办理中"]:
        assert words in text, words
    # (the page's own address names the record's type; what is read on it does not)
    assert "cases." not in text_of(text) and "window_clerk" not in text
    # who acted: 姓名（岗位，机关）, the applicant masked, never a login name or an ID number
    window = staff["window"]
    assert f"{window.real_name}（{window_post(window)}）" in text
    assert f"{mask_name(citizen.real_name)}（申请人）" in text
    assert citizen.id_number not in text and citizen.real_name not in text
    assert "window（" not in text and "（citizen）" not in text
    # every time in 北京时间 to the second
    events = AuditEvent.objects.filter(object_type="cases.case", object_id=str(handled.pk))
    assert events.count() == 3
    for event in events:
        assert f"{event.at.astimezone(BEIJING):%Y-%m-%d %H:%M:%S}" in text
    assert not ISO_TIME.search(text) and "+00:00" not in text


def test_the_audit_trail_exports_as_the_page_reads(handled, staff, citizen, as_user):
    export = as_user("supervisor").get(
        f"/workbench/supervision/audit/cases.case/{handled.pk}/?format=xlsx"
    )
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert rows[0][:4] == ("时间（北京时间）", "操作人", "操作", "对象")
    first = AuditEvent.objects.filter(object_id=str(handled.pk), object_type="cases.case").first()
    assert rows[1][0] == f"{first.at.astimezone(BEIJING):%Y-%m-%d %H:%M:%S}"
    assert rows[1][1] == f"{mask_name(citizen.real_name)}（申请人）"
    assert [r[2] for r in rows[1:]] == ["提交申请", "受理", "受理"]
    assert [r[4] for r in rows[1:]] == ["成功", "成功", "失败"]
    cells = " ".join(str(v) for row in rows for v in row)
    assert citizen.id_number not in cells and "cases." not in cells


def test_a_card_shows_the_events_that_made_it(item, staff, citizen, as_user):
    """A card issued by the sweep (recorded on the sweep, not on the card) shows the case's
    events up to it and the sweep; then its own rectification."""
    case = file_online(item, citizen, "late-card", on=dt.date(2025, 9, 1))
    supervision.sweep(dt.date(2025, 9, 30))
    card = Card.objects.get(clock=case.intake_clock_id, level=Card.YELLOW)
    page = as_user("supervisor").get(f"/workbench/supervision/cards/{card.pk}/")
    trail = section(page, "亮牌的审计轨迹")
    assert "没有审计事件" not in trail
    assert "提交申请" in trail and "电子监察扫描" in trail
    assert "2025年9月30日电子监察扫描" in trail and f"办件 {case.number}号" in trail
    officer = staff["officer"]
    supervision.answer(card, "已督促经办人当日受理", by=officer)
    trail = section(
        as_user("supervisor").get(f"/workbench/supervision/cards/{card.pk}/"), "亮牌的审计轨迹"
    )
    assert "提交整改情况" in trail and "整改情况：已督促经办人当日受理" in trail
    assert f"{officer.real_name}（部门经办人，" in trail
    assert trail.index("提交申请") < trail.index("电子监察扫描") < trail.index("提交整改情况")


def test_the_case_history_names_people_as_each_reader_may_see_them(
    handled, staff, citizen, as_user, client
):
    window, applicant = staff["window"], f"{mask_name(citizen.real_name)}（申请人）"
    # staff: 姓名（岗位，机关）
    history = section(
        as_user("officer").get(f"/workbench/cases/{handled.pk}/"), "<caption>办理记录"
    )
    assert f"{window.real_name}（{window_post(window)}）" in history
    assert applicant in history and citizen.real_name not in history
    assert "window" not in history and citizen.id_number not in history
    # the applicant and the public: the post and its body, no staff names
    centre = window_post(window).split("，")[1]
    mine = section(as_user(citizen.username).get(f"/zwfw/my/{handled.pk}/"), "<caption>办理记录")
    assert f"{centre}窗口工作人员" in mine and window.real_name not in mine
    public = client.get("/zwfw/track/", {"number": handled.number, "code": handled.query_code})
    assert public.status_code == 200
    tracked = section(public, "<caption>办理记录")
    assert f"{centre}窗口工作人员" in tracked and applicant in tracked
    assert window.real_name not in tracked and citizen.id_number not in public.content.decode()
