"""Rectification of cards (accept / return, audited) and irregularity cards."""

import datetime as dt

import pytest

from zhengwu.core.errors import Conflict, Invalid, NotAllowed
from zhengwu.core.models import AuditEvent
from zhengwu.core.signals import irregularity
from zhengwu.org.models import ServiceCentre, User
from zhengwu.services.models import Item, ItemType
from zhengwu.supervision import services
from zhengwu.supervision.models import Card

D = dt.date


@pytest.fixture
def card(agency, make_clock):
    c = make_clock(agency, D(2025, 9, 1), 5)
    services.sweep(D(2025, 9, 9))
    return Card.objects.get(clock=c, level="yellow")


def u(name):
    return User.objects.get(username=name)


def test_answer_then_return_then_accept(card):
    with pytest.raises(Invalid) as e:
        services.answer(card, "  ", by=u("officer"))
    assert e.value.message == "请填写整改情况"
    services.answer(card, "已于9月10日办结并对经办人批评教育", by=u("officer"))
    card.refresh_from_db()
    assert card.state == Card.ANSWERED
    with pytest.raises(Invalid) as e:
        services.decide(card, accept=False, note="", by=u("supervisor"))
    assert "退回时请说明理由" in e.value.message
    services.decide(card, accept=False, note="请附办结通知书", by=u("supervisor"))
    card.refresh_from_db()
    assert card.state == Card.OPEN
    services.answer(card, "已补充办结通知书", by=u("head"))
    services.decide(card, accept=True, by=u("supervisor"))
    card.refresh_from_db()
    assert card.state == Card.ACCEPTED
    assert [r.decision for r in card.rectifications.all()] == ["returned", "accepted"]
    actions = list(
        AuditEvent.objects.filter(object_type="supervision.card", object_id=str(card.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "supervision.rectification_answered",
        "supervision.rectification_returned",
        "supervision.rectification_answered",
        "supervision.rectification_accepted",
    ]
    with pytest.raises(Conflict):
        services.answer(card, "again", by=u("officer"))


def test_only_the_unit_answers_and_only_a_supervisor_of_the_area_decides(card):
    with pytest.raises(NotAllowed):
        services.answer(card, "我来反馈", by=u("window"))
    with pytest.raises(NotAllowed):
        services.answer(card, "我来反馈", by=u("supervisor"))
    services.answer(card, "已整改", by=u("officer"))
    for name in ("officer", "head", "fh-supervisor", "watcher"):
        with pytest.raises(NotAllowed):
            services.decide(card, accept=True, by=u(name))


def test_irregularity_signal_issues_one_open_card(agency, xiangxi):
    subject = ServiceCentre.objects.filter(jurisdiction__code="433101").first()
    for _ in range(2):
        irregularity.send(
            sender=ServiceCentre,
            kind="fee_not_in_list",
            subject=subject,
            agency_id=agency.pk,
            scope_path=agency.scope_path,
            detail="收取了收费清单外的工本费20元",
        )
    cards = Card.objects.filter(kind="fee_not_in_list", subject_id=subject.pk)
    assert cards.count() == 1
    c = cards.get()
    assert (c.level, c.clock_id, c.state) == ("yellow", None, "open")
    assert c.kind_label == "擅自收费或不按标准收费"
    assert AuditEvent.objects.filter(action="supervision.card_issued", object_id=str(c.pk)).exists()
    # Once the rectification is accepted, a new irregularity of the same kind gets a new card.
    services.answer(c, "已退还20元", by=u("officer"))
    services.decide(c, accept=True, by=u("supervisor"))
    irregularity.send(
        sender=ServiceCentre,
        kind="fee_not_in_list",
        subject=subject,
        agency_id=agency.pk,
        scope_path=agency.scope_path,
        detail="再次收费",
    )
    assert cards.count() == 2


def test_unknown_irregularity_kind_is_refused(agency):
    subject = ServiceCentre.objects.first()
    with pytest.raises(Invalid) as e:
        services.issue_irregularity(
            kind="nonsense", subject=subject, agency_id=agency.pk, scope_path=agency.scope_path
        )
    assert "未知的监察事由" in e.value.message


def test_item_that_must_be_online_but_is_not_gets_a_card(agency, jishou):
    licensing = ItemType.objects.get(code="01")
    common = {
        "item_type": licensing,
        "agency": agency,
        "jurisdiction": jishou,
        "scope_path": jishou.path,
        "effective_on": D(2025, 1, 1),
        "basic_code": "000123456789",
    }
    offline = Item.objects.create(name="食品经营许可", implementation_code="X1", **common)
    Item.objects.create(name="药品经营许可", implementation_code="X2", online=True, **common)
    Item.objects.create(
        name="特种设备使用登记", implementation_code="X3", online_required=False, **common
    )
    assert services.check_items() == 1
    assert services.check_items() == 0
    c = Card.objects.get(kind=Card.NOT_ONLINE, subject_id=offline.pk, subject_type__model="item")
    assert c.agency_id == agency.pk


def test_supervise_command(agency, make_clock):
    import io

    from django.core.management import CommandError, call_command

    c = make_clock(agency, D(2025, 9, 1), 5)
    out = io.StringIO()
    call_command("supervise", "--date", "2025-09-09", "--items", "--snapshot", stdout=out)
    assert "新亮牌" in out.getvalue() and "统计快照" in out.getvalue()
    assert Card.objects.filter(clock=c, level="yellow").exists()
    with pytest.raises(CommandError, match="日期格式"):
        call_command("supervise", "--date", "9月9日")


def test_workbench_panels_count_cards_and_carded_clocks(card, agency):
    from zhengwu.core.models import Clock
    from zhengwu.portal import workbench
    from zhengwu.supervision import status

    def panel(username, title):
        return next(p for p in workbench.panels(u(username)) if p["title"] == title)

    unit = Card.objects.filter(agency_id=agency.pk)
    officer = panel("officer", "电子监察亮牌：待整改")
    assert officer["todo"] == unit.filter(state=Card.OPEN).count() >= 1
    assert officer["done"] == unit.filter(state=Card.ACCEPTED).count()
    services.answer(card, "已办结", by=u("officer"))
    services.decide(card, accept=True, by=u("supervisor"))
    after = panel("officer", "电子监察亮牌：待整改")
    assert (after["todo"], after["done"]) == (officer["todo"] - 1, officer["done"] + 1)
    running = Clock.objects.filter(state=Clock.RUNNING, scope_path__startswith="433100/433123/")
    board = panel("fh-supervisor", "电子监察：黄牌、红牌事项")
    assert board["todo"] == running.filter(status__in=[status.YELLOW, status.RED]).count()
    assert board["warning"] == running.filter(status=status.WARNING).count()
