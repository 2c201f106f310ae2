"""Pages and API of 电子监察: scoping, audit trail, chain verification, bad input."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.test import Client

from zhengwu.core import audit
from zhengwu.core.models import AuditEvent, Clock
from zhengwu.supervision import services
from zhengwu.supervision.models import Card

D = dt.date


def rows(page) -> str:
    """The table body of a list page (the filters above it name every purpose)."""
    return page.text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


@pytest.fixture
def late_clocks(agency, fh_agency, make_clock):
    js = make_clock(agency, D(2025, 9, 1), 5, purpose="吉首测试时限")
    fh = make_clock(fh_agency, D(2025, 9, 1), 5, purpose="凤凰测试时限")
    audit.record("test.accepted", js.subject, actor=None, after={"note": "受理"})
    services.sweep(D(2025, 9, 9))
    return js, fh


def test_board_shows_late_clocks_in_the_jurisdiction_only(as_user, late_clocks):
    js, fh = late_clocks
    page = as_user("supervisor").get("/workbench/supervision/")
    assert page.status_code == 200
    assert "吉首测试时限" in page.text and "凤凰测试时限" in page.text
    fh_page = as_user("fh-supervisor").get("/workbench/supervision/")
    assert fh_page.status_code == 200
    assert "凤凰测试时限" in fh_page.text and "吉首测试时限" not in fh_page.text
    assert (
        as_user("fh-supervisor").get(f"/workbench/supervision/clocks/{js.pk}/").status_code == 404
    )
    assert as_user("watcher").get("/workbench/supervision/").status_code == 200


def test_board_filters(as_user, late_clocks):
    client = as_user("supervisor")
    page = client.get("/workbench/supervision/", {"county": "433123", "status": "yellow"})
    assert "凤凰测试时限" in rows(page) and "吉首测试时限" not in rows(page)
    page = client.get("/workbench/supervision/", {"purpose": "吉首测试时限"})
    assert "凤凰测试时限" not in rows(page) and "吉首测试时限" in rows(page)
    page = client.get("/workbench/supervision/", {"agency": "abc"})
    assert page.status_code == 200 and "没有符合条件的事项" in page.text
    x = client.get("/workbench/supervision/", {"format": "xlsx"})
    assert x["Content-Type"].startswith("application/vnd.openxmlformats")
    assert x.content[:2] == b"PK"


@pytest.mark.parametrize("username", ["433101198803140228", "officer", "window", "head"])
def test_citizens_and_officers_cannot_open_supervision_pages(as_user, late_clocks, username):
    client = as_user(username)
    for url in [
        "/workbench/supervision/",
        "/workbench/supervision/stats/",
        "/workbench/supervision/audit/verify/",
        f"/workbench/supervision/clocks/{late_clocks[0].pk}/",
    ]:
        assert client.get(url).status_code in (403, 404), url
    r = client.get("/api/v1/supervision/clocks")
    assert r.status_code == 403 and "监察" in r.json()["message"]


def test_anonymous_is_sent_to_login_and_refused_by_the_api(late_clocks):
    assert Client().get("/workbench/supervision/").status_code == 302
    assert Client().get("/api/v1/supervision/clocks").status_code == 401
    assert Client().get("/api/v1/supervision/cards").status_code == 401


def test_api_clocks_and_cards_are_scoped(as_user, late_clocks):
    js, fh = late_clocks
    data = as_user("fh-supervisor").get("/api/v1/supervision/clocks?status=yellow&limit=500").json()
    ids = [c["id"] for c in data["results"]]
    assert fh.pk in ids and js.pk not in ids
    assert all(
        p.startswith("433100/433123/")
        for p in Clock.objects.filter(pk__in=ids).values_list("scope_path", flat=True)
    )
    cards = as_user("fh-supervisor").get("/api/v1/supervision/cards?limit=500").json()
    assert fh.pk in {c["clock_id"] for c in cards["results"]}
    assert all(c["scope_path"].startswith("433100/433123/") for c in cards["results"])
    js_card = Card.objects.get(clock=js)
    assert (
        as_user("fh-supervisor").get(f"/api/v1/supervision/cards/{js_card.pk}").status_code == 404
    )
    # the unit sees its own cards, not the other county's
    officer = as_user("officer").get("/api/v1/supervision/cards?limit=500").json()
    assert js.pk in {c["clock_id"] for c in officer["results"]}
    assert {c["agency_id"] for c in officer["results"]} == {js.agency_id}
    bad = as_user("supervisor").get("/api/v1/supervision/clocks?status=purple")
    assert bad.status_code == 422 and "监察状态" in bad.json()["message"]
    bad = as_user("supervisor").get("/api/v1/supervision/clocks?limit=0")
    assert bad.status_code == 422 and "每页条数" in bad.json()["message"]


def test_rectification_through_pages_and_api(as_user, late_clocks):
    js, _ = late_clocks
    card = Card.objects.get(clock=js)
    officer = as_user("officer")
    r = officer.post(f"/workbench/supervision/cards/{card.pk}/answer/", {"answer": ""})
    assert r.status_code == 422 and "请填写整改情况" in r.text
    r = officer.post(f"/workbench/supervision/cards/{card.pk}/answer/", {"answer": "已办结"})
    assert r.status_code == 302
    sup = as_user("supervisor")
    r = sup.post(f"/workbench/supervision/cards/{card.pk}/decide/", {"decision": "return"})
    assert r.status_code == 422 and "退回时请说明理由" in r.text
    r = sup.post(f"/workbench/supervision/cards/{card.pk}/decide/", {"decision": "maybe"})
    assert r.status_code == 422 and "通过" in r.text
    r = as_user("fh-supervisor").post(
        f"/workbench/supervision/cards/{card.pk}/decide/", {"decision": "accept"}
    )
    assert r.status_code == 404
    r = sup.post(
        f"/api/v1/supervision/cards/{card.pk}/decide",
        {"accept": False, "note": "材料不全"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["state"] == "open"
    r = officer.post(
        f"/api/v1/supervision/cards/{card.pk}/answer",
        {"answer": "已补全"},
        content_type="application/json",
    )
    assert r.json()["state"] == "answered"
    r = officer.post(
        f"/api/v1/supervision/cards/{card.pk}/decide",
        {"accept": True},
        content_type="application/json",
    )
    assert r.status_code == 403
    r = sup.post(f"/workbench/supervision/cards/{card.pk}/decide/", {"decision": "accept"})
    assert r.status_code == 302
    page = sup.get(f"/workbench/supervision/cards/{card.pk}/")
    assert "整改通过" in page.text and "整改审核通过" in page.text
    assert "supervision.rectification_accepted" not in page.text


def test_audit_trail_of_a_subject(as_user, late_clocks):
    js, fh = late_clocks
    url = f"/workbench/supervision/audit/org.servicecentre/{js.subject_id}/"
    page = as_user("supervisor").get(url)
    assert page.status_code == 200 and "测试：受理" in page.text
    assert as_user("fh-supervisor").get(url).status_code == 404
    assert as_user("watcher").get(url).status_code == 403
    detail = as_user("supervisor").get(f"/workbench/supervision/clocks/{js.pk}/")
    assert "测试：受理" in detail.text and "test.accepted" not in detail.text


def test_chain_verification_page(as_user, late_clocks, settings, tmp_path):
    settings.ZHENGWU_AUDIT_HEAD_FILE = str(tmp_path / "head.json")
    sup = as_user("supervisor")  # logging in appends to the chain too
    head = audit.head()
    page = sup.get("/workbench/supervision/audit/verify/")
    assert page.status_code == 200
    assert "审计链完好" in page.text and head["hash"] in page.text
    # the check itself is audited
    assert AuditEvent.objects.filter(action="supervision.audit_chain_verified").exists()
    api = as_user("supervisor").get("/api/v1/supervision/audit/verify").json()
    assert api["ok"] is True
    assert as_user("watcher").get("/workbench/supervision/audit/verify/").status_code == 403
    victim = AuditEvent.objects.order_by("id")[3]
    AuditEvent.objects.filter(pk=victim.pk).update(action="tampered")
    page = as_user("supervisor").get("/workbench/supervision/audit/verify/")
    assert page.status_code == 409
    assert "审计链已被破坏" in page.text and f"第{victim.seq}号事件的内容与其哈希不符" in page.text


def test_the_chain_page_says_when_the_head_was_exported_in_beijing_time(
    as_user, settings, tmp_path
):
    settings.ZHENGWU_AUDIT_HEAD_FILE = str(tmp_path / "head.json")
    head = audit.export_head()
    exported = dt.datetime.fromisoformat(head["exported_at"])
    assert exported.utcoffset() == dt.timedelta(hours=8)
    page = as_user("supervisor").get("/workbench/supervision/audit/verify/")
    assert page.status_code == 200
    assert f"导出于 {exported:%Y-%m-%d %H:%M:%S}，北京时间" in page.text
    # a head exported before, in UTC with microseconds, reads the same way
    earlier = head | {"exported_at": "2026-12-06T21:04:27.269828+00:00"}
    Path(settings.ZHENGWU_AUDIT_HEAD_FILE).write_text(json.dumps(earlier), encoding="utf-8")
    page = as_user("supervisor").get("/workbench/supervision/audit/verify/")
    assert "导出于 2026-12-07 05:04:27，北京时间" in page.text
    assert "2026-12-06T21:04:27" not in page.text


def test_dashboard_drills_down_and_exports(as_user, late_clocks):
    page = as_user("supervisor").get("/workbench/supervision/stats/")
    assert page.status_code == 200
    assert "吉首测试时限" in page.text and "vendor/echarts-5.6.0.min.js" in page.text
    assert "status=yellow&amp;county=433100&amp;purpose=%E5%90%89%E9%A6%96" in page.text
    # The cases app provides 办件按期办结率 (before the wiring: 暂无数据).
    from django.utils import timezone

    from zhengwu.core import measures
    from zhengwu.org.models import Jurisdiction

    xiangxi = Jurisdiction.objects.get(code="433100")
    on_time = measures.measure("cases.on_time", xiangxi, year=timezone.localdate().year)
    assert f"{on_time['numerator']} / {on_time['denominator']}" in page.text
    fh = as_user("fh-supervisor")
    assert fh.get("/workbench/supervision/stats/").status_code == 200
    assert fh.get("/workbench/supervision/stats/?jurisdiction=433100").status_code == 403
    bad = as_user("supervisor").get("/workbench/supervision/stats/?jurisdiction=433123101")
    assert bad.status_code == 422 and "州和县市" in bad.text
    x = as_user("supervisor").get("/workbench/supervision/stats/?format=xlsx")
    assert x.content[:2] == b"PK"
    api = as_user("fh-supervisor").get("/api/v1/supervision/stats?jurisdiction=433123").json()
    purposes = [r["purpose"] for r in api["rows"]]
    assert "凤凰测试时限" in purposes and "吉首测试时限" not in purposes


def test_public_statistics_have_no_personal_data(client, late_clocks):
    page = client.get("/jd/")
    assert page.status_code == 200 and "吉首测试时限" in page.text
    assert "/workbench/" not in page.text.split("<main")[1]
    county = client.get("/site/433123/jd/")
    assert county.status_code == 200 and "吉首测试时限" not in county.text
    township = client.get("/site/433123101/jd/")  # a township's figures are its county's
    assert township.status_code == 302 and township["Location"] == "/site/433123/jd/"


def test_clock_page_marks_a_due_date_that_waits_for_a_makeup_day(as_user, agency, make_clock):
    from zhengwu.core import calendar
    from zhengwu.core.models import CalendarDay, CalendarYear

    CalendarYear.objects.filter(year=2027).delete()
    CalendarDay.objects.filter(date__year=2027).delete()
    calendar.invalidate()
    waiting = make_clock(agency, D(2027, 1, 20), 20, purpose="春节前后时限")
    assert waiting.provisional and waiting.due_date == D(2027, 2, 19)
    page = as_user("supervisor").get(f"/workbench/supervision/clocks/{waiting.pk}/")
    assert page.status_code == 200
    assert "暂算" in page.text and 'id="makeup-pending"' in page.text
    assert "2027年2月6日春节（正月初一）适逢周六" in page.text
    assert "具体日期以国务院办公厅通知为准" in page.text
    settled = make_clock(agency, D(2025, 9, 1), 5, purpose="已公布年度时限")
    page = as_user("supervisor").get(f"/workbench/supervision/clocks/{settled.pk}/")
    assert page.status_code == 200
    assert 'id="makeup-pending"' not in page.text and 'id="provisional-note"' not in page.text


def test_chain_verification_page_walks_from_the_genesis_despite_a_head(as_user, settings, tmp_path):
    """The page (and its API) still read every event: a change before the exported head, which
    the daily check from the head does not see, is caught here."""
    settings.ZHENGWU_AUDIT_HEAD_FILE = str(tmp_path / "head.json")
    sup = as_user("supervisor")
    victim = AuditEvent.objects.order_by("id")[3]
    audit.export_head()
    AuditEvent.objects.filter(pk=victim.pk).update(action="tampered")
    assert audit.verify(audit.load_head()).ok  # from the head: not seen
    page = sup.get("/workbench/supervision/audit/verify/")
    assert page.status_code == 409
    assert f"第{victim.seq}号事件的内容与其哈希不符" in page.text
    api = sup.get("/api/v1/supervision/audit/verify").json()
    assert api["ok"] is False and api["bad_seq"] == victim.seq
