"""Uploaded files no row refers to: found and deleted once they are old enough.

A submission stores its files (case materials, an agent's authorisation, a document's
attachments, an interview's pictures) before its transaction commits: the rows can only refer
to files that exist. A submission that dies before the commit — a refusal after the files were
stored, a worker killed mid-request, a lost race for its idempotency key — leaves files no row
refers to. Writing the files after the commit instead would trade that for worse: a crash
between the commit and the write leaves a row whose file is missing. So the files go first and
the sweep (`manage.py sweep_orphan_files`, and the daily `core.sweep_orphan_files`) deletes
every file under the storage that no FileField of any model names and that is older than
ZHENGWU_ORPHAN_FILE_HOURS, well past any transaction still running. Nothing but uploads may be
kept under MEDIA_ROOT.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterator

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

BATCH = 500


def file_fields() -> list[tuple[type[models.Model], str]]:
    """(model, field name) for every FileField (and ImageField) of every installed model."""
    return [
        (model, f.name)
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.FileField)
    ]


def stored(top: str = "") -> Iterator[str]:
    """Every file in the storage under `top`, by its stored name (a/b/c.pdf)."""
    if not default_storage.exists(top or "."):
        return
    directories, files = default_storage.listdir(top or ".")
    for name in sorted(files):
        yield posixpath.join(top, name)
    for name in sorted(directories):
        yield from stored(posixpath.join(top, name))


def orphans(*, older_than: dt.timedelta | None = None, now=None) -> Iterator[str]:
    """The stored files older than `older_than` (default ZHENGWU_ORPHAN_FILE_HOURS) that no
    row names, looked up a batch of names at a time."""
    if older_than is None:
        older_than = dt.timedelta(hours=settings.ZHENGWU_ORPHAN_FILE_HOURS)
    cutoff = (now or timezone.now()) - older_than
    fields = file_fields()
    batch: list[str] = []

    def unreferenced(names: list[str]) -> list[str]:
        named: set[str] = set()
        for model, field in fields:
            named.update(
                model._base_manager.filter(**{f"{field}__in": names}).values_list(field, flat=True)
            )
        return [n for n in names if n not in named]

    for name in stored():
        if default_storage.get_modified_time(name) >= cutoff:
            continue
        batch.append(name)
        if len(batch) == BATCH:
            yield from unreferenced(batch)
            batch = []
    if batch:
        yield from unreferenced(batch)


def sweep(*, older_than: dt.timedelta | None = None, dry_run: bool = False) -> list[str]:
    """Delete the orphaned files (`orphans`); returns their names."""
    found = list(orphans(older_than=older_than))
    if not dry_run:
        for name in found:
            default_storage.delete(name)
    return found
