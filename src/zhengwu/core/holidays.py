"""Seeding the official calendar from the maintained `chinesecalendar` package, and the known
local overlays. After seeding, the database is the source: administrators enter new years."""

import datetime as dt

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
