"""The workbench pages: the roster (add with an account, 已期满, refusals keep what was typed),
filing, assigning, rectifying and confirming through the forms, the body's 待办, the public page
without phones, and scope (a county office, another body)."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from zhengwu.core.models import AuditEvent
from zhengwu.org.demo import DEMO_PASSWORD
from zhengwu.org.models import Role
from zhengwu.oversight import items
from zhengwu.oversight.models import Item, Supervisor
from zhengwu.portal import workbench

from .conftest import TODAY, logged_in, member, staff, u

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
ROSTER = "/workbench/oversight/supervisors/"


def form(**extra):
    return {
        "name": "田景华",
        "category": "cppcc",
        "work_unit": "州政协委员、湘西州民族中学教师",
        "phone": "13974321234",
        "jurisdiction": "433100",
        "term_start": "2026-01-01",
        "term_end": "2030-12-31",
        **extra,
    }


def test_the_office_appoints_a_supervisor_with_an_account(office):
    r = logged_in(office).post(
        ROSTER, form(username="zx-tian", password=DEMO_PASSWORD), follow=True
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert (
        "已聘任田景华（政协委员），登录账户为zx-tian（初始密码，本人首次登录时须修改），聘任期至2030年12月31日"
        in page
    )
    s = Supervisor.objects.get(name="田景华")
    assert s.user.roles.get().role == Role.OUTSIDE_SUPERVISOR
    assert s.user.roles.get().jurisdiction.code == "433100"
    assert AuditEvent.objects.filter(
        action="oversight.supervisor_added", object_id=str(s.pk)
    ).exists()
    assert "13974321234" in page  # the office sees the number it keeps


def test_bad_roster_input_keeps_what_was_typed(office):
    r = logged_in(office).post(ROSTER, form(term_end="2025-01-01"))
    assert r.status_code == 422
    page = r.content.decode()
    assert "聘任截止日不能早于起始日" in page and 'value="田景华"' in page
    assert not Supervisor.objects.filter(name="田景华").exists()


def test_expired_terms_read_as_such_and_cannot_file(office, market):
    old = member(office, username="rd-old", start=dt.date(2021, 1, 1), end=dt.date(2025, 12, 31))
    assert "已期满" in logged_in(office).get(ROSTER).content.decode()
    client = logged_in(old.user)
    assert "聘任期已满" in client.get("/workbench/oversight/findings/new/").content.decode()
    r = client.post(
        "/workbench/oversight/findings/new/",
        {"agency": market.pk, "kind": "clue", "title": "标题", "text": "内容"},
    )
    assert r.status_code == 403
    assert not Item.objects.filter(supervisor=old).exists()


def test_a_county_office_sees_and_changes_only_its_own_roster(office, luxi_office):
    s = member(office, username="")
    client = logged_in(luxi_office)
    assert "彭秀英" not in client.get(ROSTER).content.decode()
    assert client.get(f"{ROSTER}{s.pk}/").status_code == 404
    r = client.post(ROSTER, form(jurisdiction="433100"))
    assert r.status_code == 403
    assert "该单位或辖区" in r.content.decode()


def test_the_whole_life_through_the_pages(npc, market, office, officer):
    supervisor = logged_in(npc.user)
    r = supervisor.post(
        "/workbench/oversight/findings/new/",
        {
            "agency": market.pk,
            "kind": "clue",
            "title": "企业开办指南未公开",
            "text": "网站上找不到企业开办指南",
            "files": [SimpleUploadedFile("截图.pdf", PDF, content_type="application/pdf")],
        },
        follow=True,
    )
    assert "监督意见已提交" in r.content.decode()
    item = Item.objects.get(title="企业开办指南未公开")
    assert "待政务公开办交办" in r.content.decode()

    desk = logged_in(office)
    assert "企业开办指南未公开" in desk.get("/workbench/oversight/").content.decode()
    r = desk.post(
        f"/workbench/oversight/items/{item.pk}/assign/",
        {"version": item.version, "note": "请10日内公开"},
        follow=True,
    )
    item.refresh_from_db()
    assert f"整改期限为{item.due_on:%Y年%-m月%-d日}" in r.content.decode()

    body = logged_in(officer)
    home = body.get("/workbench/oversight/").content.decode()
    assert "待整改" in home and f"{item.due_on:%Y年%-m月%-d日}" in home
    panel = next(p for p in workbench.panels(officer) if p["url"] == "/workbench/oversight/")
    assert panel["todo"] == 1 and f"{item.due_on:%-m月%-d日}" in panel["title"]
    r = body.post(
        f"/workbench/oversight/items/{item.pk}/rectify/", {"version": item.version}, follow=True
    )
    assert r.status_code == 422 and "请填写整改情况" in r.content.decode()
    r = body.post(
        f"/workbench/oversight/items/{item.pk}/rectify/",
        {"version": item.version, "text": "已在门户网站公开企业开办指南"},
        follow=True,
    )
    assert "整改情况已反馈，待监督员彭秀英确认" in r.content.decode()
    item.refresh_from_db()
    r = supervisor.post(
        f"/workbench/oversight/items/{item.pk}/confirm/",
        {"version": item.version, "note": "已核实"},
        follow=True,
    )
    assert "已确认整改到位" in r.content.decode()
    item.refresh_from_db()
    assert item.state == Item.CONFIRMED_


def test_another_body_neither_sees_nor_rectifies(npc, market, office):
    item = items.file_finding(
        {"agency": market.pk, "kind": "clue", "title": "标题", "text": "内容"},
        by=npc.user,
        today=TODAY,
    )
    items.assign(item, by=office, today=TODAY)
    other = staff("other-body", Role.DEPT_OFFICER, agency=u("handler").roles.get().agency)
    client = logged_in(other)
    assert client.get(f"/workbench/oversight/items/{item.pk}/").status_code == 404
    r = client.post(f"/workbench/oversight/items/{item.pk}/rectify/", {"text": "x"})
    assert r.status_code == 404


def test_the_public_page_lists_the_roster_without_phones(npc, market, office, officer):
    from zhengwu.org.models import Jurisdiction
    from zhengwu.oversight.public_views import yearly

    def findings_2026():
        row = next(
            (y for y in yearly(Jurisdiction.objects.get(code="433101")) if y["year"] == 2026), {}
        )
        return row.get("finding", {"n": 0, "on_time": 0})

    before = findings_2026()
    item = items.file_finding(
        {"agency": market.pk, "kind": "clue", "title": "标题", "text": "内容"},
        by=npc.user,
        today=TODAY,
    )
    items.assign(item, by=office, today=TODAY)
    items.rectify(item, text="已整改", by=officer, today=TODAY)
    page = logged_in(officer).get("/site/433101/shjd/").content.decode()
    now = findings_2026()
    assert (now["n"], now["on_time"]) == (before["n"] + 1, before["on_time"] + 1)
    assert f"{now['n']}件 / {now['on_time']}件" in page
    page = logged_in(officer).get("/shjd/").content.decode()
    assert "彭秀英" in page and "人大代表" in page
    assert "13907431234" not in page and "1390743" not in page
