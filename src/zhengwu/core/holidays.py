"""Seeding the official calendar from the maintained `chinesecalendar` package, and the known
local overlays. After seeding, the database is the source: administrators enter new years.

For a year whose arrangement is not entered yet, `statutory_days` gives the days the law itself
fixes (全国年节及纪念日放假办法, 2024 revision, in force from 2025), the lunar dates and the solar
term 清明 computed by the maintained `lunar_python` package (6tail), not typed in.
"""

import datetime as dt
import functools

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

# 湘西州庆 (domain-rules §7.4): 9-20, two days off; dates set yearly by the 州政府办公室 notice.
XIANGXI = "433100"
LOCAL_OVERLAYS = [
    # 2018: 9-20, 9-21 off [ZQ2018]
    (dt.date(2018, 9, 20), "rest", "州庆", XIANGXI),
    (dt.date(2018, 9, 21), "rest", "州庆", XIANGXI),
    # 2024 notice of 2024-09-02: 9-15..9-20 off with 中秋, 9-22 (Sun) a local make-up workday [ZQ2024]
    (dt.date(2024, 9, 18), "rest", "州庆", XIANGXI),
    (dt.date(2024, 9, 19), "rest", "州庆", XIANGXI),
    (dt.date(2024, 9, 20), "rest", "州庆", XIANGXI),
    (dt.date(2024, 9, 22), "work", "州庆调休", XIANGXI),
]


def national_rows():
    """(date, kind, name) for every exception chinesecalendar knows, and the years it covers."""
    from chinese_calendar import constants

    rows = []
    for day, name in constants.holidays.items():
        rows.append((day, "rest", NAMES.get(name, name)))
    for day, name in constants.workdays.items():
        rows.append((day, "work", NAMES.get(name, name) + "调休"))
    years = sorted({d.year for d, _, _ in rows})
    return rows, years


def seed(CalendarDay, CalendarYear) -> int:
    rows, years = national_rows()
    existing = set(CalendarDay.objects.filter(jurisdiction_code="").values_list("date", flat=True))
    new = [
        CalendarDay(date=d, kind=k, name=n, jurisdiction_code="")
        for d, k, n in rows
        if d not in existing
    ]
    existing_local = set(
        CalendarDay.objects.exclude(jurisdiction_code="").values_list("date", "jurisdiction_code")
    )
    new += [
        CalendarDay(date=d, kind=k, name=n, jurisdiction_code=c)
        for d, k, n, c in LOCAL_OVERLAYS
        if (d, c) not in existing_local
    ]
    CalendarDay.objects.bulk_create(new)
    for year in years:
        CalendarYear.objects.get_or_create(
            year=year, defaults={"source": "国务院办公厅节假日安排通知（chinesecalendar 数据）"}
        )
    return len(new)


# 全国年节及纪念日放假办法 §2 as revised on 2024-11-10, in force from 2025-01-01 (domain-rules §8.1).
STATUTORY_FROM = 2025


def _date(solar) -> dt.date:
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def _festivals_of(year: int) -> dict[str, dt.date]:
    from lunar_python import Lunar

    spring = Lunar.fromYmd(year, 1, 1)
    return {
        "春节": _date(spring.getSolar()),
        "清明节": _date(spring.getJieQiTable()["清明"]),
        "端午节": _date(Lunar.fromYmd(year, 5, 5).getSolar()),
        "中秋节": _date(Lunar.fromYmd(year, 8, 15).getSolar()),
    }


@functools.cache
def _festival_table() -> dict[int, dict[str, dt.date]]:
    """Every year's festivals from STATUTORY_FROM to 2099. Working them out takes lunar_python
    about a second, so the table is kept in the shared cache (keyed by the library's version):
    one process of a deployment computes it, the others read it."""
    from importlib.metadata import version

    from django.core.cache import cache

    key = f"zhengwu:festivals:{STATUTORY_FROM}:{version('lunar-python')}"
    table = cache.get(key)
    if table is None:
        table = {year: _festivals_of(year) for year in range(STATUTORY_FROM, 2100)}
        cache.set(key, table, None)
    return table


def festivals(year: int) -> dict[str, dt.date]:
    """The lunar festivals and the solar term 清明 in the Gregorian `year`: 春节 (正月初一 of the
    lunar year that begins in it), 清明, 端午 (五月初五), 中秋 (八月十五)."""
    return _festival_table().get(year) or _festivals_of(year)


@functools.cache
def statutory_days(year: int) -> tuple[tuple[dt.date, str], ...]:
    """(date, name) of every day off the law gives all citizens in `year`, before the State
    Council's 调休 and 补假: 元旦 1-1; 春节 除夕 to 正月初三; 清明; 劳动节 5-1, 5-2; 端午; 中秋;
    国庆 10-1 to 10-3. Two holidays on one day give two entries. Empty before the 2024 revision
    applies (STATUTORY_FROM)."""
    if year < STATUTORY_FROM:
        return ()
    f = festivals(year)
    days = [(dt.date(year, 1, 1), "元旦")]
    days += [
        (f["春节"] + dt.timedelta(days=i), f"春节（{name}）")
        for i, name in ((-1, "除夕"), (0, "正月初一"), (1, "正月初二"), (2, "正月初三"))
    ]
    days += [(f["清明节"], "清明节"), (f["端午节"], "端午节"), (f["中秋节"], "中秋节")]
    days += [(dt.date(year, 5, d), "劳动节") for d in (1, 2)]
    days += [(dt.date(year, 10, d), "国庆节") for d in (1, 2, 3)]
    return tuple(sorted(days))
