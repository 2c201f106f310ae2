"""Scheduled work (sweeps, reminders, snapshots): each job is a task enqueued at an interval by
the one `manage.py scheduler` process that `make run` starts. Apps register in ready()."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    task: object  # a django_tasks Task
    args: tuple = ()  # passed to the task: task.enqueue(*args, **kwargs)
    kwargs: dict = field(default_factory=dict)

    def enqueue(self):
        return self.task.enqueue(*self.args, **self.kwargs)


_jobs: dict[str, Job] = {}


def register(
    name: str, every: dt.timedelta, task, args: tuple = (), kwargs: dict | None = None
) -> None:
    """Run `task(*args, **kwargs)` every `every` (the arguments are stored with the enqueued
    task, so they must be JSON: numbers, text, booleans, lists, dicts)."""
    _jobs[name] = Job(name, every, task, tuple(args), dict(kwargs or {}))


def jobs() -> list[Job]:
    return list(_jobs.values())


def run_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every job whose interval has passed. Safe to call from several schedulers."""
    from .models import ScheduledRun

    now = now or timezone.now()
    enqueued = []
    for job in jobs():
        with transaction.atomic():
            row, _ = ScheduledRun.objects.get_or_create(name=job.name)
            row = ScheduledRun.objects.select_for_update().get(pk=row.pk)
            if row.last_enqueued_at and now - row.last_enqueued_at < job.every:
                continue
            row.last_enqueued_at = now
            row.save(update_fields=["last_enqueued_at"])
            job.enqueue()
            enqueued.append(job.name)
    return enqueued
