"""The four supervision states of a running clock, as database conditions (domain-rules §4).

正常 normal · 预警 warning (its stored `warn_on` has come: ZHENGWU_WARN_WORKDAYS left or
ZHENGWU_WARN_USED_PERCENT of the time used, computed by core.clock) · 黄牌 yellow (past its due
date) · 红牌 red (still running when the 督办 period after the yellow card has ended).

The 督办 period is local, not national (domain-rules §4: "Numeric thresholds … vary by locality.
No national figures were found"; the 湛江 model gives a 限期办理 period after the yellow card,
then the red card). It is ZHENGWU_DUBAN_WORKDAYS working days after the due date, default 3.

Each state is a condition on indexed dates, so classifying a million clocks is one indexed
query per state and never a loop over rows in Python.
"""

from __future__ import annotations

import bisect
import datetime as dt

from django.db.models import Q

from zhengwu.core import calendar, conf
from zhengwu.core.models import Clock

NORMAL, WARNING, YELLOW, RED = "normal", "warning", "yellow", "red"
LABELS = {NORMAL: "正常", WARNING: "预警", YELLOW: "黄牌", RED: "红牌"}
ORDER = [NORMAL, WARNING, YELLOW, RED]


def duban_workdays() -> int:
    return conf.number("ZHENGWU_DUBAN_WORKDAYS", 3)


def red_cutoff(cal: calendar.Calendar, today: dt.date, n: int) -> dt.date:
    """The first due date that is NOT yet red on `today`.

    A clock due on d is red when add_workdays(d, n) < today. With w the sorted working days,
    add_workdays(d, n) = w[#(w ≤ d) + n − 1], so the condition is #(w ≤ d) ≤ #(w < today) − n,
    i.e. d < w[#(w < today) − n].
    """
    k = bisect.bisect_left(cal.workdays, today.toordinal()) - n
    if k < 0:
        return calendar.FIRST_DAY
    return dt.date.fromordinal(cal.workdays[k])


def _overlay_prefixes() -> list[str]:
    return sorted({calendar.region_prefix(c) for c in calendar.overlay_codes()}, key=len)


def red_q(today: dt.date, n: int | None = None) -> Q:
    """Clocks (any state) whose due date lies before their calendar's red cutoff."""
    n = duban_workdays() if n is None else n
    prefixes = _overlay_prefixes()
    national = Q(due_date__lt=red_cutoff(calendar.for_jurisdiction(""), today, n))
    if not prefixes:
        return national
    q = national
    for p in prefixes:
        q &= ~Q(jurisdiction_code__startswith=p)
    for i, p in enumerate(prefixes):
        inner = Q(jurisdiction_code__startswith=p)
        for longer in prefixes[i + 1 :]:
            if longer.startswith(p):
                inner &= ~Q(jurisdiction_code__startswith=longer)
        q |= inner & Q(due_date__lt=red_cutoff(calendar.for_jurisdiction(p), today, n))
    return q


def conditions(today: dt.date) -> dict[str, Q]:
    """For each state, the condition a running clock meets on `today` to be in it."""
    red = red_q(today)
    return {
        RED: red,
        YELLOW: Q(due_date__lt=today) & ~red,
        WARNING: Q(due_date__gte=today, warn_on__lte=today),
        NORMAL: Q(warn_on__gt=today),
    }


def running():
    return Clock.objects.filter(state=Clock.RUNNING, due_date__isnull=False)


def classify(today: dt.date, base=None) -> dict[str, int]:
    """How many running clocks are in each state on `today`, from their dates (not the
    stored status): one indexed COUNT per state."""
    qs = running() if base is None else base.filter(state=Clock.RUNNING, due_date__isnull=False)
    return {name: qs.filter(q).count() for name, q in conditions(today).items()}
