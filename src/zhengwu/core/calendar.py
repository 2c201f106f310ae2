"""The working-day calendar: national holidays and 调休 from the database, local overlays per
jurisdiction, and the counting convention of domain-rules §0: the start day is not counted, the
result is the N-th working day after it (民法典 §201; 行政许可法 §82; 条例 §33).

Years whose official arrangement is not yet entered are counted Monday–Friday and the result is
marked provisional; `core.clock.recompute_provisional` redoes those clocks when the year arrives.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
import time
from dataclasses import dataclass, field

from django.core.cache import cache

from .errors import Invalid

FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2099, 12, 31)
_VERSION_KEY = "zhengwu:calendar:version"
_RECHECK_SECONDS = 5.0
WEEKDAY_NAMES = "一二三四五六日"


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


@dataclass
class Calendar:
    """An immutable, precomputed view of the calendar for one jurisdiction."""

    rest: dict[dt.date, str]
    work: dict[dt.date, str]
    official_years: frozenset[int]
    workdays: list[int] = field(default_factory=list)  # ordinals of every working day

    def __post_init__(self) -> None:
        days = []
        d = FIRST_DAY.toordinal()
        last = LAST_DAY.toordinal()
        rest = {x.toordinal() for x in self.rest}
        work = {x.toordinal() for x in self.work}
        while d <= last:
            weekday = (d - 1) % 7  # date.fromordinal(1) is a Monday
            if (weekday < 5 and d not in rest) or d in work:
                days.append(d)
            d += 1
        self.workdays = days

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


def _check_range(day: dt.date) -> None:
    if not (FIRST_DAY <= day <= LAST_DAY):
        raise Invalid(
            f"日期须在{FIRST_DAY.year}年至{LAST_DAY.year}年之间", code="out_of_range", field="start"
        )


_lock = threading.Lock()
_cache: dict[str, tuple[int, Calendar]] = {}
_last_check = 0.0
_known_version = 0


def _current_version() -> int:
    global _last_check, _known_version
    now = time.monotonic()
    if now - _last_check > _RECHECK_SECONDS:
        _known_version = cache.get(_VERSION_KEY, 0)
        _last_check = now
    return _known_version


def invalidate() -> None:
    """Called when the calendar changes: every process rebuilds within a few seconds."""
    global _last_check, _known_version
    try:
        version = cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 1, None)
        version = 1
    with _lock:
        _cache.clear()
        _known_version = version
        _last_check = time.monotonic()


def for_jurisdiction(jurisdiction_code: str = "") -> Calendar:
    from .models import CalendarDay, CalendarYear

    version = _current_version()
    key = jurisdiction_code or ""
    hit = _cache.get(key)
    if hit and hit[0] == version:
        return hit[1]
    rest: dict[dt.date, str] = {}
    work: dict[dt.date, str] = {}
    rows = CalendarDay.objects.values_list("date", "kind", "name", "jurisdiction_code")
    # National rows first, then overlays, so a local arrangement overrides the national one.
    for date, kind, name, code in sorted(rows, key=lambda r: len(r[3])):
        if not applies_to(code, key):
            continue
        target, other = (rest, work) if kind == CalendarDay.REST else (work, rest)
        target[date] = name
        other.pop(date, None)
    years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    calendar = Calendar(rest=rest, work=work, official_years=years)
    with _lock:
        _cache[key] = (version, calendar)
    return calendar


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
    note = ""
    if unofficial:
        years = "、".join(str(y) for y in unofficial)
        note = f"{years}年的节假日安排尚未由国务院办公厅公布（或尚未录入），暂按周一至周五为工作日计算，公布后自动重算。"
    return {
        "start": start.isoformat(),
        "workdays": n,
        "jurisdiction": jurisdiction_code or "",
        "due_date": due.isoformat(),
        "convention": "收到之日不计入，自次日起算第N个工作日为截止日（民法典第二百零一条）",
        "skipped": skipped,
        "makeup_workdays": makeup,
        "provisional": bool(unofficial),
        "note": note,
    }
