"""Legal clocks: start, limit in working or calendar days, suspensions that do not count,
extensions, restarts, and the stored due date that supervision queries.

Every function here is called inside the owning service's transaction; the owning service
writes the audit event for the change it makes (the clock is part of that change).
"""

from __future__ import annotations

import bisect
import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from . import calendar, rows
from .errors import Invalid
from .models import Clock, ClockSuspension


def start(subject: models.Model, **kwargs) -> Clock:
    """Start one clock (see `new` for the arguments)."""
    clock = new(subject, **kwargs)
    rows.insert([clock])
    return clock


def new(
    subject: models.Model,
    *,
    purpose: str,
    started_on: dt.date,
    limit: int,
    unit: str = Clock.WORKDAYS,
    jurisdiction_code: str = "",
    scope_path: str = "",
    agency_id: int | None = None,
) -> Clock:
    """A clock for `subject` with its due date computed, not yet saved."""
    if limit < 0:
        raise Invalid("时限不能为负数", code="negative_limit")
    clock = Clock(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        purpose=purpose,
        started_on=started_on,
        limit=limit,
        unit=unit,
        jurisdiction_code=jurisdiction_code,
        scope_path=scope_path,
        agency_id=agency_id,
    )
    _compute(clock, [])
    return clock


def clocks_of(subject: models.Model):
    return Clock.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    )


def suspend(clock: Clock, *, on: dt.date, reason: str) -> ClockSuspension:
    if clock.state != Clock.RUNNING:
        raise Invalid("该时限当前不在计时中，不能暂停", code="clock_not_running")
    suspension = ClockSuspension.objects.create(clock=clock, reason=reason, started_on=on)
    recompute(clock)
    return suspension


def resume(clock: Clock, *, on: dt.date) -> None:
    open_ = clock.suspensions.filter(ended_on__isnull=True).first()
    if open_ is None:
        raise Invalid("该时限没有暂停中的计时", code="clock_not_suspended")
    if on < open_.started_on:
        raise Invalid("恢复计时日期不能早于暂停日期", code="resume_before_suspend")
    open_.ended_on = on
    open_.save(update_fields=["ended_on"])
    recompute(clock)


def extend(clock: Clock, *, days: int) -> None:
    if days <= 0:
        raise Invalid("延长天数应大于0", code="bad_extension")
    clock.extension += days
    recompute(clock)


def restart(clock: Clock, *, on: dt.date) -> None:
    """The period counts afresh from `on` (条例 §30: from receipt of the clarified request)."""
    clock.started_on = on
    clock.suspensions.all().delete()
    clock.state = Clock.RUNNING
    recompute(clock)


def stop(clock: Clock, *, on: dt.date) -> None:
    stop_all([clock], on=on)


def stop_all(clocks, *, on: dt.date, changes: rows.Changes | None = None) -> None:
    """Stop clocks: written with the other rows of `changes`, or at once (a clock not saved
    yet is saved stopped)."""
    writes = changes or rows.Changes(Clock)
    for clock in clocks:
        clock.state = Clock.STOPPED
        clock.stopped_on = on
        if clock.pk is not None:
            writes.update(clock, ["state", "stopped_on"])
    if changes is None:
        writes.save()


def recompute(clock: Clock) -> None:
    _compute(clock, list(clock.suspensions.all()) if clock.pk else [])
    clock.save()


def recompute_open(*, provisional_only: bool = False) -> int:
    """Recompute every open clock (after a calendar change). Returns how many changed."""
    qs = Clock.objects.exclude(state=Clock.STOPPED)
    if provisional_only:
        qs = qs.filter(provisional=True)
    changed = 0
    for clock in qs.prefetch_related("suspensions").iterator(chunk_size=1000):
        before = (clock.due_date, clock.warn_on, clock.provisional)
        _compute(clock, list(clock.suspensions.all()))
        if (clock.due_date, clock.warn_on, clock.provisional) != before:
            clock.save(update_fields=["due_date", "warn_on", "provisional", "state"])
            changed += 1
    return changed


def _suspended_ordinals(suspensions: list[ClockSuspension]) -> list[tuple[int, int]]:
    return [(s.started_on.toordinal(), s.ended_on.toordinal()) for s in suspensions if s.ended_on]


def _compute(clock: Clock, suspensions: list[ClockSuspension]) -> None:
    if clock.state == Clock.STOPPED:
        return
    if any(s.ended_on is None for s in suspensions):
        clock.state = Clock.SUSPENDED
        clock.due_date = None
        clock.warn_on = None
        return
    clock.state = Clock.RUNNING
    cal = calendar.for_jurisdiction(clock.jurisdiction_code)
    total = clock.limit + clock.extension
    paused = _suspended_ordinals(suspensions)

    def counts(ordinal: int) -> bool:
        return not any(a < ordinal <= b for a, b in paused)

    if clock.unit == Clock.CALENDAR_DAYS:
        day = clock.started_on
        counted = 0
        while counted < total:
            day += dt.timedelta(days=1)
            if counts(day.toordinal()):
                counted += 1
        clock.due_date = cal.next_workday_on_or_after(day)
        warn_days = max(1, round(total * (100 - settings.ZHENGWU_WARN_USED_PERCENT) / 100))
        clock.warn_on = min(clock.due_date, day - dt.timedelta(days=warn_days))
    else:
        counted_days: list[int] = []
        i = bisect.bisect_right(cal.workdays, clock.started_on.toordinal())
        while len(counted_days) < total:
            ordinal = cal.workdays[i]
            if counts(ordinal):
                counted_days.append(ordinal)
            i += 1
        if total == 0:
            clock.due_date = clock.started_on
            clock.warn_on = clock.started_on
        else:
            clock.due_date = dt.date.fromordinal(counted_days[-1])
            # 预警: when WARN_WORKDAYS or fewer are left, or WARN_USED_PERCENT of the time is used.
            by_days_left = total - 1 - settings.ZHENGWU_WARN_WORKDAYS
            by_share_used = -(-total * settings.ZHENGWU_WARN_USED_PERCENT // 100) - 1
            warn_index = max(0, min(by_days_left, by_share_used))
            clock.warn_on = dt.date.fromordinal(counted_days[warn_index])
    clock.provisional = bool(cal.unofficial_years(clock.started_on, clock.due_date))


def provisional_reasons(clock: Clock) -> tuple[str, list[dt.date]]:
    """Why a running clock's due date is provisional, in Chinese (empty when it is not), and the
    statutory days whose 补假, not set yet, may move it."""
    if not clock.provisional or clock.due_date is None:
        return "", []
    cal = calendar.for_jurisdiction(clock.jurisdiction_code)
    years = cal.unofficial_years(clock.started_on, clock.due_date)
    pending = cal.makeup_pending_between(clock.started_on, clock.due_date)
    return calendar.provisional_note(years, cal, pending), pending


def status_on(clock: Clock, today: dt.date) -> str:
    """正常 / 预警 / 逾期 for one clock (supervision adds 红牌 after its 督办 period)."""
    if clock.state != Clock.RUNNING:
        return "normal"
    return status_against(clock.due_date, clock.warn_on, today)


def status_against(due_date: dt.date | None, warn_on: dt.date | None, today: dt.date) -> str:
    """正常 / 预警 / 逾期 on `today` against a running clock's due date and warning day (or the
    copies a subject keeps of them, as a case keeps its promised clock's): the due date itself
    is still in time."""
    if due_date is None:
        return "normal"
    if today > due_date:
        return "overdue"
    if warn_on and today >= warn_on:
        return "warning"
    return "normal"
