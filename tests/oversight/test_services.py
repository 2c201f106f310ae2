"""The workflow through the services: file → assign (clock) → rectify → confirm / send back,
the refusals (expired term, another body, confirm before rectify), the audit rows and the
measures' numbers."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhengwu.core import clock, measures
from zhengwu.core.errors import Conflict, Invalid, NotAllowed
from zhengwu.core.models import AuditEvent
from zhengwu.org.models import Jurisdiction, Role
from zhengwu.oversight import items
from zhengwu.oversight.models import Item

from .conftest import TODAY, member, staff, u

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def counts(name, code="433100", **kw) -> tuple[int, int]:
    """(on time, due) of a measure, to compare before and after (the demo has items too)."""
    figure = measures.measure(name, Jurisdiction.objects.get(code=code), year=2026, **kw)
    return figure["numerator"], figure["denominator"]


def finding(npc, market, **extra):
    data = {
        "agency": market.pk,
        "kind": "clue",
        "title": "办事指南未更新",
        "text": "收费标准仍为旧标准",
    }
    return items.file_finding({**data, **extra}, by=npc.user, today=TODAY)


def test_the_finding_goes_through_on_the_clock(npc, market, office, officer):
    before = counts("oversight.findings_on_time")
    evidence = [SimpleUploadedFile("现场照片.pdf", PDF, content_type="application/pdf")]
    item = items.file_finding(
        {
            "agency": market.pk,
            "kind": "clue",
            "title": "办事指南未更新",
            "text": "收费标准仍为旧标准",
        },
        by=npc.user,
        evidence=evidence,
        today=TODAY,
    )
    assert item.state == Item.SUBMITTED and item.files.get().stage == "evidence"
    items.assign(item, note="请核实整改", by=office, version=item.version, today=TODAY)
    item.refresh_from_db()
    # 15 working days from Monday 7 December 2026 (no holiday in between): Monday 28 December
    assert (item.state, item.first_due_on, item.due_on) == (
        Item.ASSIGNED_,
        dt.date(2026, 12, 28),
        dt.date(2026, 12, 28),
    )
    (running,) = clock.clocks_of(item)
    assert (running.purpose, running.limit, running.agency_id) == (
        "社会监督意见整改",
        15,
        market.pk,
    )
    assert clock.status_on(running, dt.date(2026, 12, 29)) == "overdue"
    items.rectify(item, text="已更新办事指南", by=officer, today=dt.date(2026, 12, 18))
    item.refresh_from_db()
    assert (item.state, item.late) == (Item.RECTIFIED_, False)
    assert clock.clocks_of(item).get().state == "stopped"
    items.confirm(item, note="整改到位", by=npc.user, today=dt.date(2026, 12, 21))
    item.refresh_from_db()
    assert (item.state, item.confirmed_on) == (Item.CONFIRMED_, dt.date(2026, 12, 21))
    actions = list(
        AuditEvent.objects.filter(object_type="oversight.item", object_id=str(item.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "oversight.finding_filed",
        "oversight.assigned",
        "oversight.rectified",
        "oversight.confirmed",
    ]
    assert counts("oversight.findings_on_time") == (before[0] + 1, before[1] + 1)
    assert measures.label("oversight.findings_on_time").startswith("社会监督意见按期整改率")


def test_a_late_rework_counts_as_late(npc, market, office, officer):
    before = counts("oversight.findings_on_time", "433101", agency=market)
    item = finding(npc, market)
    items.assign(item, by=office, today=TODAY)
    items.rectify(item, text="已整改", by=officer, today=dt.date(2026, 12, 10))
    items.send_back(item, reason="收费标准仍未更新", by=npc.user, today=dt.date(2026, 12, 11))
    item.refresh_from_db()
    assert (item.state, item.returns, item.due_on) == (Item.ASSIGNED_, 1, dt.date(2027, 1, 4))
    items.rectify(item, text="已重新整改", by=officer, today=dt.date(2027, 1, 5))
    item.refresh_from_db()
    assert item.late is True
    after = counts("oversight.findings_on_time", "433101", agency=market)
    assert after == (before[0], before[1] + 1)  # due in 2026, rectified late


def test_expired_term_cannot_file(office, market):
    old = member(office, username="", start=dt.date(2021, 1, 1), end=dt.date(2025, 12, 31))
    with pytest.raises(NotAllowed, match="不在聘任期内"):
        items.file_finding(
            {"agency": market.pk, "kind": "suggestion", "title": "建议", "text": "内容"},
            by=office,
            supervisor=old,
            today=TODAY,
        )
    assert old.term_label(TODAY) == "已期满"


def test_a_body_cannot_rectify_another_bodys_finding(npc, market, office):
    item = finding(npc, market)
    items.assign(item, by=office, today=TODAY)
    other = staff("other-officer", Role.DEPT_OFFICER, agency=u("handler").roles.get().agency)
    with pytest.raises(NotAllowed):
        items.rectify(item, text="已整改", by=other, today=TODAY)


def test_confirm_before_rectify_is_a_conflict(npc, market, office):
    item = finding(npc, market)
    items.assign(item, by=office, today=TODAY)
    with pytest.raises(Conflict, match="尚未反馈整改情况"):
        items.confirm(item, by=npc.user, today=TODAY)
    assert AuditEvent.objects.filter(
        action="oversight.confirmed", success=False, object_id=str(item.pk)
    ).exists()


def test_only_the_supervisor_confirms_their_own(npc, market, office, officer):
    item = finding(npc, market)
    items.assign(item, by=office, today=TODAY)
    items.rectify(item, text="已整改", by=officer, today=TODAY)
    with pytest.raises(NotAllowed, match="本人确认"):
        items.confirm(item, by=office, today=TODAY)


def test_media_item_is_confirmed_by_the_office(office, officer, market):
    before = counts("oversight.media_on_time")
    item = items.record_media(
        {
            "agency": market.pk,
            "outlet": "团结报",
            "reported_on": "2026-12-03",
            "link": "https://www.tjbrmt.com/news/1.html",
            "title": "农贸市场价格公示牌缺失",
            "text": "报道反映某农贸市场未公示价格",
        },
        by=office,
        today=TODAY,
    )
    items.assign(item, by=office, today=TODAY)
    assert clock.clocks_of(item).get().purpose == "媒体监督问题整改"
    items.rectify(item, text="已督促补齐公示牌", by=officer, today=dt.date(2026, 12, 9))
    items.confirm(item, by=office, today=dt.date(2026, 12, 10))
    item.refresh_from_db()
    assert item.state == Item.CONFIRMED_
    assert counts("oversight.media_on_time") == (before[0] + 1, before[1] + 1)


def test_bad_input_is_refused_in_words(office, market):
    with pytest.raises(Invalid, match="报道日期不能晚于今天"):
        items.record_media(
            {"agency": market.pk, "outlet": "团结报", "reported_on": "2026-12-09",
             "title": "标题", "text": "内容"},
            by=office,
            today=TODAY,
        )  # fmt: skip
    with pytest.raises(Invalid, match="请选择涉及的单位"):
        items.record_media({"agency": "x"}, by=office, today=TODAY)


def test_a_county_office_cannot_assign_the_prefectures(npc, market, luxi_office):
    item = finding(npc, market)
    with pytest.raises(NotAllowed):
        items.assign(item, by=luxi_office, today=TODAY)


def test_electronic_supervision_cards_a_late_rectification(npc, market, office):
    """The clock is watched as any other: past its due date the sweep gives a 黄牌."""
    from zhengwu.supervision import services as supervision
    from zhengwu.supervision.models import Card

    item = finding(npc, market)
    items.assign(item, by=office, today=TODAY)
    item.refresh_from_db()
    supervision.sweep(today=item.due_on + dt.timedelta(days=1))
    card = Card.objects.get(subject_id=item.pk, purpose="社会监督意见整改")
    assert (card.level, card.agency_id, card.due_date) == (Card.YELLOW, market.pk, item.due_on)
