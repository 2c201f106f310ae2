"""Status classification, the incremental sweep and card issuance (domain-rules §4, §8.3)."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from zhengwu.core.models import Clock, Notice
from zhengwu.org.models import Agency, User
from zhengwu.supervision import services, status
from zhengwu.supervision.models import Card

D = dt.date


def test_classification_follows_the_statutory_calendar(agency, make_clock):
    # domain-rules §8.3: 2025-09-26 + 20 working days = 2025-10-30 (国庆+中秋 10-01…10-08,
    # 9-28 and 10-11 make-up days). 预警 when 80% is used: the 16th working day, 10-24.
    c = make_clock(agency, D(2025, 9, 26), 20)
    assert c.due_date == D(2025, 10, 30) and c.warn_on == D(2025, 10, 24)
    seen = {}
    for day in [
        D(2025, 10, 23),
        D(2025, 10, 24),
        D(2025, 10, 30),
        D(2025, 10, 31),
        D(2025, 11, 4),
        D(2025, 11, 5),
    ]:
        services.sweep(day)
        c.refresh_from_db()
        seen[day] = c.status
    # 督办 period: 3 working days after the due date (10-31, 11-03, 11-04); 红牌 from 11-05.
    assert seen == {
        D(2025, 10, 23): "normal",
        D(2025, 10, 24): "warning",
        D(2025, 10, 30): "warning",
        D(2025, 10, 31): "yellow",
        D(2025, 11, 4): "yellow",
        D(2025, 11, 5): "red",
    }
    cards = Card.objects.filter(clock=c).order_by("issued_on")
    assert [(k.level, k.issued_on) for k in cards] == [
        ("yellow", D(2025, 10, 31)),
        ("red", D(2025, 11, 5)),
    ]
    services.sweep(D(2025, 11, 6))
    assert Card.objects.filter(clock=c).count() == 2


def test_duban_period_skips_the_national_day_holiday(agency, make_clock):
    # Due 2025-09-30: the 3 working days after it are 10-09, 10-10 and 10-11 (a Saturday
    # made a working day), so the red card comes on 10-12 and not during the holiday.
    c = make_clock(agency, D(2025, 9, 26), 3)
    assert c.due_date == D(2025, 9, 30)
    services.sweep(D(2025, 10, 11))
    c.refresh_from_db()
    assert c.status == "yellow"
    services.sweep(D(2025, 10, 12))
    c.refresh_from_db()
    assert c.status == "red"


def test_duban_period_is_configurable(agency, make_clock, settings):
    settings.ZHENGWU_DUBAN_WORKDAYS = 1
    c = make_clock(agency, D(2025, 9, 26), 20)
    services.sweep(D(2025, 11, 1))  # 10-31 was the one working day of 督办
    c.refresh_from_db()
    assert c.status == "red"


def test_classify_counts_each_state_by_dates(agency, make_clock):
    made = [
        make_clock(agency, D(2025, 9, 26), 20),  # warning on 10-27
        make_clock(agency, D(2025, 9, 26), 3),  # red on 10-27
        make_clock(agency, D(2025, 10, 24), 1),  # due 10-27: warning (due today)
        make_clock(agency, D(2025, 10, 27), 20),  # normal
        make_clock(agency, D(2025, 10, 17), 5),  # due 10-24: yellow on 10-27 (督办 until 10-29)
    ]
    base = Clock.objects.filter(pk__in=[c.pk for c in made])
    assert status.classify(D(2025, 10, 27), base) == {
        "red": 1,
        "yellow": 1,
        "warning": 2,
        "normal": 1,
    }


def test_sweep_touches_only_clocks_whose_state_changes(agency, make_clock):
    clocks = [make_clock(agency, D(2025, 9, 26), 20) for _ in range(6)]
    services.sweep(D(2025, 10, 20))
    late = make_clock(agency, D(2025, 9, 1), 5)
    with CaptureQueriesContext(connection) as ctx:
        result = services.sweep(D(2025, 10, 20))
    updates = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('UPDATE "core_clock"')]
    assert len(updates) == 4  # one per target state, whatever the number of clocks
    assert result["changed"] == {"red": 1, "yellow": 0, "warning": 0, "normal": 0}
    assert result["cards"] == 2  # the late one: its yellow and its red card
    # Reads of core_clock: the ids of clocks still lacking a card (two anti-joins) and one
    # grouped count of the late ones for the dashboards; never a pass over clocks in Python.
    reads = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT")]
    clock_reads = [sql for sql in reads if 'FROM "core_clock"' in sql]
    assert len(clock_reads) == 3
    anti_joins = [s for s in clock_reads if "NOT (EXISTS" in s]
    assert len(anti_joins) == 2
    assert all(s.startswith('SELECT "core_clock"."id"') for s in anti_joins)
    assert sum("GROUP BY" in s for s in clock_reads) == 1
    again = services.sweep(D(2025, 10, 20))
    assert again == {"changed": {"red": 0, "yellow": 0, "warning": 0, "normal": 0}, "cards": 0}
    assert {c.status for c in Clock.objects.filter(pk__in=[c.pk for c in clocks])} == {"normal"}
    late.refresh_from_db()
    assert late.status == "red"


def test_extension_brings_a_clock_back(agency, make_clock):
    from zhengwu.core import clock as core_clock

    c = make_clock(agency, D(2025, 9, 26), 20)
    services.sweep(D(2025, 10, 31))
    c.refresh_from_db()
    assert c.status == "yellow"
    core_clock.extend(c, days=20)
    services.sweep(D(2025, 10, 31))
    c.refresh_from_db()
    assert c.status == "normal"
    assert Card.objects.filter(clock=c, level="yellow").count() == 1  # the card stays


def test_suspended_and_stopped_clocks_are_left_alone(agency, make_clock):
    from zhengwu.core import clock as core_clock

    a = make_clock(agency, D(2025, 9, 1), 5)
    b = make_clock(agency, D(2025, 9, 1), 5)
    core_clock.suspend(a, on=D(2025, 9, 2), reason="补正")
    core_clock.stop(b, on=D(2025, 9, 3))
    services.sweep(D(2025, 12, 1))
    assert not Card.objects.filter(clock__in=[a, b]).exists()


def test_cards_notify_the_handler_and_the_approver(agency, make_clock):
    c = make_clock(agency, D(2025, 9, 1), 5)
    services.sweep(D(2025, 9, 9))
    card = Card.objects.get(clock=c)
    for username in ("officer", "head"):
        notice = Notice.objects.filter(recipient__username=username).latest("id")
        assert "黄牌" in notice.title
        assert notice.url == f"/workbench/supervision/cards/{card.pk}/"
    assert not Notice.objects.filter(recipient__username="window", title__contains="黄牌").exists()


def _run_sweeps_concurrently(day, n=2):
    barrier = threading.Barrier(n)
    errors = []

    def worker():
        try:
            barrier.wait()
            services.sweep(day)
        except Exception as e:  # collected and asserted below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_issue_each_card_once(reload_demo):
    agency = Agency.objects.get(jurisdiction__code="433101", short_name="市场监管")
    from zhengwu.core import clock as core_clock
    from zhengwu.org.models import ServiceCentre

    subject = ServiceCentre.objects.filter(jurisdiction=agency.jurisdiction).first()
    ids = [
        core_clock.start(
            subject,
            purpose="并发测试",
            started_on=D(2025, 9, 1),
            limit=5,
            scope_path=agency.scope_path,
            agency_id=agency.pk,
        ).pk
        for _ in range(30)
    ]
    errors = _run_sweeps_concurrently(D(2025, 10, 20))
    if connection.vendor == "sqlite":
        # SQLite serialises writers: a loser may see "database is locked"; it must not duplicate.
        assert all("locked" in str(e) for e in errors)
    else:
        assert errors == []
    services.sweep(D(2025, 10, 20))  # whatever a locked-out sweep missed
    per_clock = Card.objects.filter(clock_id__in=ids)
    assert per_clock.filter(level="yellow").count() == 30
    assert per_clock.filter(level="red").count() == 30
    officer = User.objects.get(username="officer")
    # 60 new cards for one unit in one sweep: one digest notice, sent by the sweep that won.
    digests = Notice.objects.filter(recipient=officer, title__contains="新增60张")
    assert digests.count() == 1
    assert not Notice.objects.filter(recipient=officer, title__contains="并发测试").exists()
