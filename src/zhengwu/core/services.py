"""Changes to the shared kernel's data: the official calendar."""

import datetime as dt

from django.db import transaction

from . import audit, calendar
from .errors import Invalid
from .models import CalendarDay, CalendarYear


@transaction.atomic
def set_calendar_day(
    *, date: dt.date, kind: str, name: str, jurisdiction_code: str = "", by=None
) -> CalendarDay:
    """Enter or change one rest day or make-up workday; every open clock is then recomputed."""
    if kind not in (CalendarDay.REST, CalendarDay.WORK):
        raise Invalid("类型应为“放假”或“调休上班”", code="bad_kind", field="kind")
    if not name.strip():
        raise Invalid("请填写节日名称", code="name_required", field="name")
    day = CalendarDay.objects.filter(date=date, jurisdiction_code=jurisdiction_code).first()
    before = audit.snapshot(day) if day else None
    day = day or CalendarDay(date=date, jurisdiction_code=jurisdiction_code)
    day.kind, day.name = kind, name.strip()
    day.save()
    audit.record("calendar.day_set", day, actor=by, before=before, after=audit.snapshot(day))
    _changed()
    return day


@transaction.atomic
def remove_calendar_day(day: CalendarDay, *, by=None) -> None:
    before = audit.snapshot(day)
    audit.record("calendar.day_removed", day, actor=by, before=before)
    day.delete()
    _changed()


@transaction.atomic
def publish_year(year: int, *, source: str, by=None) -> CalendarYear:
    """The State Council's arrangement for `year` is entered: provisional clocks become final."""
    row, created = CalendarYear.objects.get_or_create(year=year, defaults={"source": source})
    if not created:
        row.source = source
        row.save()
    audit.record("calendar.year_published", row, actor=by, after={"year": year, "source": source})
    # Only the clocks counted on a year not entered (provisional) can change with it.
    _changed(provisional_only=True)
    return row


def _changed(provisional_only: bool = False) -> None:
    from .tasks import recompute_open_clocks

    transaction.on_commit(calendar.invalidate)
    transaction.on_commit(lambda: recompute_open_clocks.enqueue(provisional_only=provisional_only))
