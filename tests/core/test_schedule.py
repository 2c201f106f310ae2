"""Scheduled jobs pass their arguments to the task they enqueue (issue 18 §8): the six-hourly
recomputation of provisional clocks touches provisional clocks only."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from zhengwu.core import clock, schedule, tasks
from zhengwu.core.models import CalendarDay, CalendarYear, Clock, ScheduledRun

D = dt.date.fromisoformat
TASK = "zhengwu.core.tasks.recompute_open_clocks"

pytestmark = pytest.mark.django_db


def enqueued(task_path: str) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=task_path).order_by("enqueued_at"))


def test_the_six_hourly_job_recomputes_provisional_clocks_only(jishou):
    job = {j.name: j for j in schedule.jobs()}["core.recompute_provisional_clocks"]
    assert job.task is tasks.recompute_open_clocks and job.every == dt.timedelta(hours=6)
    assert job.kwargs == {"provisional_only": True}
    ScheduledRun.objects.all().delete()
    before = len(enqueued(TASK))
    assert "core.recompute_provisional_clocks" in schedule.run_due(timezone.now())
    rows = enqueued(TASK)
    assert len(rows) == before + 1
    assert rows[-1].args_kwargs == {"args": [], "kwargs": {"provisional_only": True}}

    # Run what was enqueued: a settled clock whose stored due date is stale is not touched …
    settled = clock.start(jishou, purpose="已公布年度", started_on=D("2025-09-26"), limit=20)
    Clock.objects.filter(pk=settled.pk).update(due_date=D("2025-10-29"))
    # … a provisional one is recomputed (2027 not entered, then entered with 1-4 off).
    CalendarYear.objects.filter(year=2027).delete()
    CalendarDay.objects.filter(date__year=2027).delete()
    from zhengwu.core import calendar

    calendar.invalidate()
    waiting = clock.start(jishou, purpose="暂算", started_on=D("2026-12-10"), limit=20)
    assert waiting.provisional and waiting.due_date == D("2027-01-08")
    CalendarDay.objects.create(date=D("2027-01-01"), kind="rest", name="元旦")
    CalendarDay.objects.create(date=D("2027-01-04"), kind="rest", name="元旦")
    CalendarYear.objects.create(year=2027, source="国务院办公厅2027年节假日安排")
    calendar.invalidate()
    row = rows[-1]
    assert row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"]) >= 1
    settled.refresh_from_db()
    waiting.refresh_from_db()
    assert settled.due_date == D("2025-10-29")
    assert waiting.due_date == D("2027-01-11") and not waiting.provisional


def test_a_job_passes_its_arguments_and_runs_once_per_interval(monkeypatch):
    calls = []

    class Task:
        def enqueue(self, *args, **kwargs):
            calls.append((args, kwargs))

    monkeypatch.setattr(schedule, "_jobs", {})
    schedule.register("test.job", dt.timedelta(hours=1), Task(), args=(7,), kwargs={"a": "b"})
    now = timezone.now()
    assert schedule.run_due(now) == ["test.job"]
    assert schedule.run_due(now + dt.timedelta(minutes=59)) == []
    assert schedule.run_due(now + dt.timedelta(hours=1)) == ["test.job"]
    assert calls == [((7,), {"a": "b"}), ((7,), {"a": "b"})]


def test_entering_a_year_recomputes_provisional_clocks_and_a_day_every_clock(
    django_capture_on_commit_callbacks,
):
    from zhengwu.core import services

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_year(2031, source="国务院办公厅2031年节假日安排")
    assert enqueued(TASK)[-1].args_kwargs["kwargs"] == {"provisional_only": True}
    with django_capture_on_commit_callbacks(execute=True):
        services.set_calendar_day(date=D("2031-01-01"), kind="rest", name="元旦")
    assert enqueued(TASK)[-1].args_kwargs["kwargs"] == {"provisional_only": False}
