"""Scheduled work (sweeps, reminders, snapshots): each job is a task enqueued at an interval by
the one `manage.py scheduler` process that `make run` starts. Apps register in ready()."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    task: object  # a django_tasks Task


_jobs: dict[str, Job] = {}


def register(name: str, every: dt.timedelta, task) -> None:
    _jobs[name] = Job(name, every, task)


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
            job.task.enqueue()
            enqueued.append(job.name)
    return enqueued
