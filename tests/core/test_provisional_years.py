"""Years whose arrangement is not entered: the law's own holidays (全国年节及纪念日放假办法, 2024
revision; domain-rules §8.1) count as rest days, their dates from `lunar_python` checked against
the official arrangements, and a due date that a 补假 not yet set may move is marked."""

import datetime as dt

import chinese_calendar
import pytest
from chinese_calendar import constants

from zhengwu.core import calendar, clock, holidays, services
from zhengwu.core.models import CalendarDay, CalendarYear

D = dt.date.fromisoformat
OFFICIAL_YEARS = sorted({d.year for d in constants.holidays})


@pytest.fixture
def unentered(db):
    """unentered(2027, …): those years' arrangements are not entered, whatever the installed
    chinesecalendar seeded (the test's transaction puts them back)."""

    def forget(*years):
        CalendarYear.objects.filter(year__in=years).delete()
        CalendarDay.objects.filter(date__year__in=years).delete()
        calendar.invalidate()

    return forget


def test_the_law_days_of_every_official_year_since_the_revision_are_rest_days():
    """Each statutory day lunar_python computes for 2025, 2026 (and any later year the installed
    chinesecalendar knows) is a rest day in the State Council's arrangement."""
    years = [y for y in OFFICIAL_YEARS if y >= holidays.STATUTORY_FROM]
    assert {2025, 2026} <= set(years)
    for year in years:
        days = holidays.statutory_days(year)
        assert len(days) == 13  # 1 + 4 + 1 + 2 + 1 + 1 + 3 (domain-rules §8.1)
        for day, name in days:
            assert not chinese_calendar.is_workday(day), (day, name)


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2025, 2026])
def test_the_law_days_are_rest_days_in_the_entered_calendar(year):
    cal = calendar.for_jurisdiction("")
    assert year in cal.official_years
    for day, name in holidays.statutory_days(year):
        assert not cal.is_workday(day), (day, name)


def test_lunar_festivals_agree_with_the_official_arrangements_since_2008():
    """春节 初一–初三, 清明, 端午 and 中秋 have been days off since 2008: the library's dates
    fall on official rest days in every year chinesecalendar covers."""
    years = [y for y in OFFICIAL_YEARS if y >= 2008]
    assert len(years) >= 19
    for year in years:
        f = holidays.festivals(year)
        spring = [f["春节"] + dt.timedelta(days=i) for i in range(3)]
        for day in [*spring, f["清明节"], f["端午节"], f["中秋节"]]:
            assert not chinese_calendar.is_workday(day), (year, day)


def test_statutory_days_of_2027_and_2028():
    assert [(d.isoformat(), n) for d, n in holidays.statutory_days(2027)] == [
        ("2027-01-01", "元旦"),
        ("2027-02-05", "春节（除夕）"),
        ("2027-02-06", "春节（正月初一）"),
        ("2027-02-07", "春节（正月初二）"),
        ("2027-02-08", "春节（正月初三）"),
        ("2027-04-05", "清明节"),
        ("2027-05-01", "劳动节"),
        ("2027-05-02", "劳动节"),
        ("2027-06-09", "端午节"),
        ("2027-09-15", "中秋节"),
        ("2027-10-01", "国庆节"),
        ("2027-10-02", "国庆节"),
        ("2027-10-03", "国庆节"),
    ]
    # 2028: 中秋 falls on 10-03, inside 国庆.
    assert (D("2028-10-03"), "中秋节") in holidays.statutory_days(2028)
    assert holidays.statutory_days(2024) == ()  # before the revision: entered years only


def test_new_years_day_of_a_provisional_year_is_a_rest_day(unentered):
    """Issue 18 §8: 2026-12-07 + 20 working days was 2027-01-04 (元旦 counted as a Friday at
    work); the law makes 1-1 a day off."""
    unentered(2027)
    assert calendar.add_workdays(D("2026-12-07"), 20) == D("2027-01-05")
    result = calendar.explain(D("2026-12-07"), 20)
    assert result["due_date"] == "2027-01-05" and result["provisional"] is True
    assert {"date": "2027-01-01", "reason": "元旦"} in result["skipped"]
    assert "全国年节及纪念日放假办法" in result["note"] and "2027年" in result["note"]
    assert result["makeup_pending"] == []  # 元旦 2027 is a Friday: no 补假 owed


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        ("2027-01-20", 20, "2027-02-19"),  # 除夕 2-05 and 初三 2-08 are off
        ("2027-03-29", 10, "2027-04-13"),  # 清明 4-05 (Mon)
        ("2027-04-26", 10, "2027-05-10"),  # 劳动节 on Sat/Sun: nothing off on a weekday …
        ("2027-06-01", 10, "2027-06-16"),  # 端午 6-09 (Wed)
        ("2027-09-08", 10, "2027-09-23"),  # 中秋 9-15 (Wed)
        ("2027-09-24", 10, "2027-10-11"),  # 国庆 10-01 (Fri)
    ],
)
def test_each_holiday_of_2027_is_counted(unentered, start, n, due):
    unentered(2027)
    assert calendar.add_workdays(D(start), n) == D(due)


def test_a_holiday_on_a_weekend_marks_the_due_dates_its_makeup_day_may_move(unentered):
    unentered(2027)
    result = calendar.explain(D("2027-01-20"), 20)
    assert result["due_date"] == "2027-02-19"
    assert result["makeup_pending"] == [
        {"date": "2027-02-06", "reason": "春节（正月初一）适逢周六"},
        {"date": "2027-02-07", "reason": "春节（正月初二）适逢周日"},
    ]
    assert "2027年2月6日春节（正月初一）适逢周六" in result["note"]
    assert "依法应在工作日补假，具体日期以国务院办公厅通知为准" in result["note"]
    # … and 劳动节 2027 (5-01 Sat, 5-02 Sun) for a period that runs past it.
    labour = calendar.explain(D("2027-04-26"), 10)
    assert [d["date"] for d in labour["makeup_pending"]] == ["2027-05-01", "2027-05-02"]
    # A period that ends before the holiday, or starts a week after it, does not depend on it.
    assert calendar.explain(D("2027-01-04"), 10)["makeup_pending"] == []
    later = calendar.explain(D("2027-02-15"), 5)
    assert later["makeup_pending"] == [] and later["provisional"] is True


def test_two_holidays_on_one_day_owe_a_day_too(unentered):
    unentered(2028)
    result = calendar.explain(D("2028-09-25"), 10)
    pending = {d["date"]: d["reason"] for d in result["makeup_pending"]}
    assert pending == {"2028-10-01": "国庆节适逢周日", "2028-10-03": "中秋节、国庆节同日"}


def test_a_provisional_clock_is_recomputed_when_the_year_is_entered(unentered, jishou):
    unentered(2027)
    c = clock.start(jishou, purpose="测试", started_on=D("2027-01-20"), limit=20)
    assert c.provisional and c.due_date == D("2027-02-19")
    note, pending = clock.provisional_reasons(c)
    assert pending == [D("2027-02-06"), D("2027-02-07")] and "补假" in note
    # The State Council's notice (say): 除夕 to 初六, 2-05 … 2-11, the 补假 on 2-09 and 2-10.
    for day in ("2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"):
        services.set_calendar_day(date=D(day), kind="rest", name="春节")
    services.publish_year(2027, source="国务院办公厅2027年节假日安排")
    calendar.invalidate()
    assert clock.recompute_open(provisional_only=True) >= 1
    c.refresh_from_db()
    assert not c.provisional and c.due_date == D("2027-02-24")
    assert clock.provisional_reasons(c) == ("", [])
