"""The working-day calendar: national holidays and 调休 from the database, local overlays per
jurisdiction, and the counting convention of domain-rules §0: the start day is not counted, the
result is the N-th working day after it (民法典 §201; 行政许可法 §82; 条例 §33).

A year whose official arrangement is not yet entered (no `CalendarYear`) counts the days the law
fixes (`holidays.statutory_days`: 元旦, 春节 除夕 to 初三, 清明, 劳动节 5-1/5-2, 端午, 中秋, 国庆
10-1 to 10-3) as rest days and otherwise Monday to Friday; the result is marked provisional and
`core.clock.recompute_provisional` redoes those clocks when the year arrives. Where a statutory
day falls on a weekend (or two fall on one day) the law owes a weekday off (补假) whose date the
State Council sets: a due date that may move with it is listed by `makeup_pending_between`.

One `Calendar` is kept per set of overlays that apply (today: none, or Xiangxi's 州庆), not per
jurisdiction code, so a worker's memory does not grow with the number of jurisdictions.
"""

from __future__ import annotations

import bisect
import datetime as dt
from array import array
from dataclasses import dataclass, field

from . import holidays
from .errors import Invalid
from .versions import Version

FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2099, 12, 31)
WEEKDAY_NAMES = "一二三四五六日"
# The State Council has always set a 补假 in the week after the holiday it makes up for (顺延).
MAKEUP_WEEK = dt.timedelta(days=7)


def region_prefix(code: str) -> str:
    """GB/T 2260 code → the prefix its subtree shares: 433100 → 4331, 433101 → 433101."""
    code = (code or "").strip()
    if len(code) == 6:
        while len(code) > 2 and code.endswith("00"):
            code = code[:-2]
    elif len(code) == 12 and code.endswith("000"):
        code = code[:9]
    return code


def applies_to(overlay_code: str, jurisdiction_code: str) -> bool:
    if not overlay_code:
        return True
    return bool(jurisdiction_code) and jurisdiction_code.startswith(region_prefix(overlay_code))


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier, or that month's last day when it has no
    such day (2026-03-31 less one month: 2026-02-28) — the periods of §44 and the §18 review."""
    year, index = divmod(day.year * 12 + day.month - 1 - months, 12)
    following = dt.date(year + (index + 1) // 12, (index + 1) % 12 + 1, 1)
    last = (following - dt.timedelta(days=1)).day
    return dt.date(year, index + 1, min(day.day, last))


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(eq=False)
class Calendar:
    """An immutable, precomputed view of the calendar for one set of overlays."""

    rest: dict[dt.date, str]
    work: dict[dt.date, str]
    official_years: frozenset[int]
    # Statutory days of years not entered whose 补假 the State Council has yet to set → why.
    makeup_pending: dict[dt.date, str] = field(default_factory=dict)
    workdays: array = field(init=False)  # ordinals of every working day, 4 bytes each

    def __post_init__(self) -> None:
        rest = {x.toordinal() for x in self.rest}
        work = {x.toordinal() for x in self.work}
        # date.fromordinal(1) is a Monday: (d - 1) % 7 is the weekday.
        self.workdays = array(
            "I",
            (
                d
                for d in range(FIRST_DAY.toordinal(), LAST_DAY.toordinal() + 1)
                if ((d - 1) % 7 < 5 and d not in rest) or d in work
            ),
        )

    def is_workday(self, day: dt.date) -> bool:
        i = bisect.bisect_left(self.workdays, day.toordinal())
        return i < len(self.workdays) and self.workdays[i] == day.toordinal()

    def why_not_working(self, day: dt.date) -> str:
        if day in self.rest:
            return self.rest[day]
        return f"周{WEEKDAY_NAMES[day.weekday()]}休息日"

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        _check_range(start)
        if n < 0:
            raise Invalid("工作日数不能为负数", code="negative_workdays", field="workdays")
        if n == 0:
            return start
        i = bisect.bisect_right(self.workdays, start.toordinal()) + n - 1
        if i >= len(self.workdays):
            raise Invalid("期限超出日历范围", code="out_of_range")
        return dt.date.fromordinal(self.workdays[i])

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days d with start < d ≤ end (negative when end is before start)."""
        if end < start:
            return -self.workdays_between(end, start)
        lo = bisect.bisect_right(self.workdays, start.toordinal())
        hi = bisect.bisect_right(self.workdays, end.toordinal())
        return hi - lo

    def next_workday_on_or_after(self, day: dt.date) -> dt.date:
        i = bisect.bisect_left(self.workdays, day.toordinal())
        return dt.date.fromordinal(self.workdays[i])

    def unofficial_years(self, start: dt.date, end: dt.date) -> list[int]:
        return [y for y in range(start.year, end.year + 1) if y not in self.official_years]

    def makeup_pending_between(self, start: dt.date, due: dt.date) -> list[dt.date]:
        """The statutory days whose 补假, not set yet, may fall in the counted period
        (start, due]: those before the due date whose following week the period reaches."""
        return sorted(h for h in self.makeup_pending if start < h + MAKEUP_WEEK and h < due)


def _check_range(day: dt.date) -> None:
    if not (FIRST_DAY <= day <= LAST_DAY):
        raise Invalid(
            f"日期须在{FIRST_DAY.year}年至{LAST_DAY.year}年之间", code="out_of_range", field="start"
        )


@dataclass(eq=False)
class _Cached:
    """What this process keeps for one version of the calendar; a new version, a new one."""

    version: int
    overlays: tuple[str, ...] | None = None
    calendars: dict[tuple[str, ...], Calendar] = field(default_factory=dict)


_cached = _Cached(version=-1)
_version = Version("zhengwu:calendar:version")


def _current() -> _Cached:
    """The cache of the calendar's current version (checked every few seconds, so every
    process rebuilds within a few seconds of a change)."""
    global _cached
    version = _version.current()
    cached = _cached
    if cached.version != version:
        cached = _cached = _Cached(version=version)
    return cached


def invalidate() -> None:
    """Called when the calendar changes: every process rebuilds within a few seconds."""
    global _cached
    _cached = _Cached(version=_version.bump())


def overlay_codes() -> tuple[str, ...]:
    """The codes of the local overlays in the table, the widest first (a few: 433100)."""
    from .models import CalendarDay

    cached = _current()
    if cached.overlays is None:
        found = set(
            CalendarDay.objects.exclude(jurisdiction_code="")
            .values_list("jurisdiction_code", flat=True)
            .distinct()
        )
        cached.overlays = tuple(sorted(found, key=lambda c: (len(region_prefix(c)), c)))
    return cached.overlays


def for_jurisdiction(jurisdiction_code: str = "") -> Calendar:
    """The calendar of a jurisdiction: the national one with the overlays that apply to it."""
    code = (jurisdiction_code or "").strip()
    cached = _current()
    key = tuple(c for c in overlay_codes() if applies_to(c, code))
    calendar = cached.calendars.get(key)
    if calendar is None:
        calendar = cached.calendars.setdefault(key, _build(key))
    return calendar


def _build(overlays: tuple[str, ...]) -> Calendar:
    from .models import CalendarDay, CalendarYear

    years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    rest: dict[dt.date, str] = {}
    work: dict[dt.date, str] = {}
    pending: dict[dt.date, str] = {}
    for year in range(FIRST_DAY.year, LAST_DAY.year + 1):
        if year in years:
            continue
        for day, name in holidays.statutory_days(year):
            if day in rest:
                rest[day] = f"{rest[day]}、{name}"
                pending[day] = f"{rest[day]}同日"
            else:
                rest[day] = name
                if day.weekday() >= 5:
                    pending[day] = f"{name}适逢周{WEEKDAY_NAMES[day.weekday()]}"
    rows = CalendarDay.objects.filter(jurisdiction_code__in=("", *overlays)).values_list(
        "date", "kind", "name", "jurisdiction_code"
    )
    # What is entered overrides what the law implies; a local arrangement overrides the
    # national one, a narrower overlay a wider one.
    for date, kind, name, _code in sorted(rows, key=lambda r: len(region_prefix(r[3]))):
        target, other = (rest, work) if kind == CalendarDay.REST else (work, rest)
        target[date] = name
        other.pop(date, None)
    return Calendar(rest=rest, work=work, official_years=years, makeup_pending=pending)


def add_workdays(start: dt.date, n: int, jurisdiction_code: str = "") -> dt.date:
    return for_jurisdiction(jurisdiction_code).add_workdays(start, n)


def workdays_between(start: dt.date, end: dt.date, jurisdiction_code: str = "") -> int:
    return for_jurisdiction(jurisdiction_code).workdays_between(start, end)


def add_days(start: dt.date, n: int, jurisdiction_code: str = "") -> dt.date:
    """Calendar days; a period ending on a rest day ends on the next working day (民法典 §203)."""
    cal = for_jurisdiction(jurisdiction_code)
    _check_range(start)
    return cal.next_workday_on_or_after(start + dt.timedelta(days=n))


def explain(start: dt.date, n: int, jurisdiction_code: str = "") -> dict:
    """The due date with the reasoning a citizen can check: every day skipped and why."""
    cal = for_jurisdiction(jurisdiction_code)
    due = cal.add_workdays(start, n)
    skipped, makeup = [], []
    day = start + dt.timedelta(days=1)
    while day <= due:
        if not cal.is_workday(day):
            skipped.append({"date": day.isoformat(), "reason": cal.why_not_working(day)})
        elif day in cal.work:
            makeup.append({"date": day.isoformat(), "reason": f"{cal.work[day]}（调休上班）"})
        day += dt.timedelta(days=1)
    unofficial = cal.unofficial_years(start, due) if n else []
    pending = cal.makeup_pending_between(start, due) if n else []
    return {
        "start": start.isoformat(),
        "workdays": n,
        "jurisdiction": jurisdiction_code or "",
        "due_date": due.isoformat(),
        "convention": "收到之日不计入，自次日起算第N个工作日为截止日（民法典第二百零一条）",
        "skipped": skipped,
        "makeup_workdays": makeup,
        "provisional": bool(unofficial),
        "makeup_pending": [
            {"date": d.isoformat(), "reason": cal.makeup_pending[d]} for d in pending
        ],
        "note": provisional_note(unofficial, cal, pending),
    }


STATUTORY_DAYS_TEXT = (
    "元旦1月1日，春节农历除夕至正月初三，清明节，劳动节5月1日、2日，端午节，中秋节，"
    "国庆节10月1日至3日"
)


def provisional_note(years: list[int], cal: Calendar, pending: list[dt.date]) -> str:
    """Why a due date is provisional, in the words a citizen reads; empty when it is not."""
    parts = []
    by_law = [y for y in years if y >= holidays.STATUTORY_FROM]
    older = [y for y in years if y < holidays.STATUTORY_FROM]
    if by_law:
        parts.append(
            f"{'、'.join(map(str, by_law))}年的节假日安排尚未由国务院办公厅公布（或尚未录入），"
            f"暂按《全国年节及纪念日放假办法》规定的节日放假（{STATUTORY_DAYS_TEXT}），"
            "其余周一至周五为工作日计算，调休安排公布并录入后自动重算。"
        )
    if older:
        parts.append(
            f"{'、'.join(map(str, older))}年的节假日安排尚未录入，暂按周一至周五为工作日计算，"
            "录入后自动重算。"
        )
    if pending:
        days = "；".join(f"{chinese_date(d)}{cal.makeup_pending[d]}" for d in pending)
        parts.append(
            f"{days}，依法应在工作日补假，具体日期以国务院办公厅通知为准；"
            "补假日落在期限内的，截止日相应顺延。"
        )
    return "".join(parts)
