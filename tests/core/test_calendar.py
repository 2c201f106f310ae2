"""The working-day clock against the law's convention (domain-rules §0, §8) and its vectors."""

import datetime as dt

import pytest

from zhengwu.core import calendar, clock, services
from zhengwu.core.errors import Invalid
from zhengwu.core.models import CalendarDay, Clock

D = dt.date.fromisoformat

# domain-rules §8.3, national calendar, start day not counted.
LAW_VECTORS = [
    ("2024-09-25", 20, "2024-10-28"),
    ("2025-01-20", 20, "2025-02-21"),
    ("2025-09-26", 20, "2025-10-30"),
    ("2025-09-26", 40, "2025-11-27"),  # 条例 §33: 20 + 20 extension
    ("2025-04-30", 7, "2025-05-14"),  # 条例 §30: 补正 notice within 7 working days
    ("2026-02-10", 20, "2026-03-16"),
    ("2026-09-18", 20, "2026-10-22"),
]

# Every holiday block and make-up day of 2024–2026 (国办发明电〔2023〕7号, 〔2024〕12号, 2025-11-04 notice).
REST_BLOCKS = {
    2024: [
        ("2024-01-01", "2024-01-01"),
        ("2024-02-10", "2024-02-17"),
        ("2024-04-04", "2024-04-06"),
        ("2024-05-01", "2024-05-05"),
        ("2024-06-10", "2024-06-10"),
        ("2024-09-15", "2024-09-17"),
        ("2024-10-01", "2024-10-07"),
    ],
    2025: [
        ("2025-01-01", "2025-01-01"),
        ("2025-01-28", "2025-02-04"),
        ("2025-04-04", "2025-04-06"),
        ("2025-05-01", "2025-05-05"),
        ("2025-05-31", "2025-06-02"),
        ("2025-10-01", "2025-10-08"),
    ],
    2026: [
        ("2026-01-01", "2026-01-03"),
        ("2026-02-15", "2026-02-23"),
        ("2026-04-04", "2026-04-06"),
        ("2026-05-01", "2026-05-05"),
        ("2026-06-19", "2026-06-21"),
        ("2026-09-25", "2026-09-27"),
        ("2026-10-01", "2026-10-07"),
    ],
}
MAKEUP = {
    2024: [
        "2024-02-04",
        "2024-02-18",
        "2024-04-07",
        "2024-04-28",
        "2024-05-11",
        "2024-09-14",
        "2024-09-29",
        "2024-10-12",
    ],
    2025: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
    2026: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
}
WORKING_DAYS_IN_YEAR = {2024: 251, 2025: 248, 2026: 248}  # domain-rules §8.2


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "n", "due"), LAW_VECTORS)
def test_law_vectors(start, n, due):
    assert calendar.add_workdays(D(start), n) == D(due)


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_working_days_per_year_match_the_notices(year):
    assert (
        calendar.workdays_between(dt.date(year - 1, 12, 31), dt.date(year, 12, 31))
        == WORKING_DAYS_IN_YEAR[year]
    )


def _days(a, b):
    d = D(a)
    while d <= D(b):
        yield d
        d += dt.timedelta(days=1)


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_every_holiday_block_is_skipped_and_makeup_days_count(year):
    cal = calendar.for_jurisdiction("")
    for a, b in REST_BLOCKS[year]:
        for day in _days(a, b):
            assert not cal.is_workday(day), day
        # Received the day before the block: one working day later is the first day after it
        # (or a make-up day inside the span, never a rest day).
        before = D(a) - dt.timedelta(days=1)
        due = calendar.add_workdays(before, 1)
        assert due > D(b) or due.isoformat() in MAKEUP[year]
        assert cal.is_workday(due)
    for m in MAKEUP[year]:
        assert D(m).weekday() >= 5 and cal.is_workday(D(m))


@pytest.mark.django_db
def test_received_on_a_rest_day_counts_from_the_next_day():
    # Received Saturday 2025-10-04 (国庆): day 1 is the first working day, 2025-10-09.
    assert calendar.add_workdays(D("2025-10-04"), 1) == D("2025-10-09")
    # Received on the make-up Sunday 2025-09-28: the next day is day 1.
    assert calendar.add_workdays(D("2025-09-28"), 1) == D("2025-09-29")


@pytest.mark.django_db
def test_workdays_between_is_inverse_of_add():
    start = D("2025-09-26")
    for n in range(0, 60):
        assert calendar.workdays_between(start, calendar.add_workdays(start, n)) == n


@pytest.mark.django_db
def test_xiangxi_prefecture_day_overlay_2024():
    # domain-rules §7.4: 9-18..9-20 off (州庆), 9-22 (Sun) a local make-up workday.
    national = calendar.for_jurisdiction("")
    xiangxi = calendar.for_jurisdiction("433101002")  # a 吉首 street: under 433100
    assert national.is_workday(D("2024-09-18")) and not xiangxi.is_workday(D("2024-09-18"))
    assert not national.is_workday(D("2024-09-22")) and xiangxi.is_workday(D("2024-09-22"))
    # Received 2024-09-13 (Fri): nationally 9-14 (Sat, make-up) is day 1 … 9-20 is day 4.
    assert calendar.add_workdays(D("2024-09-13"), 4) == D("2024-09-20")
    # In Xiangxi 9-14, 9-22, 9-23, 9-24.
    assert calendar.add_workdays(D("2024-09-13"), 4, "433100") == D("2024-09-24")
    # Another prefecture's code is not affected.
    assert calendar.add_workdays(D("2024-09-13"), 4, "430100") == D("2024-09-20")


@pytest.mark.django_db
def test_explanation_lists_skipped_days_and_reasons():
    result = calendar.explain(D("2025-09-26"), 20)
    assert result["due_date"] == "2025-10-30"
    reasons = {d["date"]: d["reason"] for d in result["skipped"]}
    assert reasons["2025-10-01"] == "国庆节"
    assert reasons["2025-09-27"] == "周六休息日"
    assert {d["date"] for d in result["makeup_workdays"]} == {"2025-09-28", "2025-10-11"}
    assert result["provisional"] is False


@pytest.mark.django_db
def test_unpublished_year_is_provisional_and_recomputed_when_entered(jishou):
    from zhengwu.core.models import CalendarYear

    CalendarYear.objects.filter(year=2027).delete()
    CalendarDay.objects.filter(date__year=2027).delete()
    calendar.invalidate()
    result = calendar.explain(D("2026-12-10"), 20)
    assert result["provisional"] is True and "2027" in result["note"]
    # 2027 by the law's holidays: 2026-12-10 + 20 → 2027-01-08 (元旦 1-1, a Friday, is off).
    assert result["due_date"] == "2027-01-08"
    c = clock.start(
        jishou, purpose="测试", started_on=D("2026-12-10"), limit=20, jurisdiction_code=""
    )
    assert c.provisional and c.due_date == D("2027-01-08")
    # The State Council publishes 2027: 元旦 1-1 to 1-3, and (say) Monday 1-4 off for it too.
    services.set_calendar_day(date=D("2027-01-01"), kind="rest", name="元旦")
    services.set_calendar_day(date=D("2027-01-04"), kind="rest", name="元旦")
    services.publish_year(2027, source="国务院办公厅2027年节假日安排")
    calendar.invalidate()
    clock.recompute_open(provisional_only=True)
    c.refresh_from_db()
    assert not c.provisional and c.due_date == D("2027-01-11")


@pytest.mark.django_db
def test_bad_input_is_refused():
    with pytest.raises(Invalid):
        calendar.add_workdays(D("2025-01-01"), -1)
    with pytest.raises(Invalid):
        calendar.add_workdays(D("1990-01-01"), 1)


@pytest.mark.django_db
def test_calendar_days_end_on_next_working_day():
    # 民法典 §203: 15 calendar days from 2025-09-16 end 10-01 (国庆) → first working day 10-09.
    assert calendar.add_days(D("2025-09-16"), 15) == D("2025-10-09")


@pytest.mark.django_db
def test_clock_suspension_extension_restart(jishou):
    c = clock.start(jishou, purpose="依申请公开答复", started_on=D("2025-09-26"), limit=20)
    assert c.due_date == D("2025-10-30") and c.state == Clock.RUNNING
    # Third-party consultation (条例 §33¶3) from 10-09 to 10-15: 10-10, 10-11 (a make-up Saturday),
    # 10-13, 10-14 and 10-15 do not count: five working days later than 10-30.
    clock.suspend(c, on=D("2025-10-09"), reason="征求第三方意见")
    c.refresh_from_db()
    assert c.state == Clock.SUSPENDED and c.due_date is None
    clock.resume(c, on=D("2025-10-15"))
    c.refresh_from_db()
    assert c.state == Clock.RUNNING and c.due_date == D("2025-11-06")
    clock.extend(c, days=20)
    c.refresh_from_db()
    assert c.due_date == D("2025-12-04")
    # 补正: the period counts afresh from receipt of the clarified request (条例 §30).
    clock.restart(c, on=D("2025-04-30"))
    c.refresh_from_db()
    assert c.due_date == calendar.add_workdays(D("2025-04-30"), 40)
    assert clock.status_on(c, c.due_date) == "warning"
    assert clock.status_on(c, c.due_date + dt.timedelta(days=1)) == "overdue"


@pytest.mark.django_db
def test_calendar_change_is_audited():
    from zhengwu.core.models import AuditEvent

    before = AuditEvent.objects.count()
    services.set_calendar_day(
        date=D("2026-09-21"), kind="rest", name="州庆", jurisdiction_code="433100"
    )
    assert AuditEvent.objects.count() == before + 1
    assert CalendarDay.objects.get(date=D("2026-09-21"), jurisdiction_code="433100").name == "州庆"


@pytest.mark.django_db
def test_one_calendar_per_set_of_overlays_not_per_code(django_assert_num_queries):
    """Issue 18 §8: a calendar per jurisdiction code grew each worker by ~1 MB a code; now the
    codes under the same overlays share one, and a new code costs no query."""
    national, xiangxi = calendar.for_jurisdiction(""), calendar.for_jurisdiction("433101")
    assert national is not xiangxi
    with django_assert_num_queries(0):
        for code in ["433100", "433122", "433123104", "433101002003", "433130"]:
            assert calendar.for_jurisdiction(code) is xiangxi
        for code in ["430100", "110000", "430102001"]:
            assert calendar.for_jurisdiction(code) is national


@pytest.mark.django_db
def test_a_new_overlay_is_seen_after_the_calendar_changes():
    before = calendar.for_jurisdiction("433122")
    assert before is calendar.for_jurisdiction("433101")
    # 泸溪 (433122) enters a local day off of its own.
    services.set_calendar_day(
        date=D("2026-06-22"), kind="rest", name="县庆", jurisdiction_code="433122"
    )
    calendar.invalidate()
    assert calendar.overlay_codes() == ("433100", "433122")
    luxi = calendar.for_jurisdiction("433122101")
    assert luxi is not calendar.for_jurisdiction("433101")
    assert not luxi.is_workday(D("2026-06-22")) and luxi.why_not_working(D("2026-06-22")) == "县庆"
    assert calendar.for_jurisdiction("433101").is_workday(D("2026-06-22"))
    # 州庆 still applies below 泸溪.
    assert not luxi.is_workday(D("2024-09-18"))


@pytest.mark.parametrize(
    "day,months,expected",
    [
        (dt.date(2026, 12, 7), 12, dt.date(2025, 12, 7)),  # §44's default period
        (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),  # no 31 February: the month's last day
        (dt.date(2024, 2, 29), 12, dt.date(2023, 2, 28)),
        (dt.date(2026, 1, 31), 2, dt.date(2025, 11, 30)),  # across the year
        (dt.date(2027, 1, 31), 1, dt.date(2026, 12, 31)),
    ],
)
def test_months_before(day, months, expected):
    assert calendar.months_before(day, months) == expected
