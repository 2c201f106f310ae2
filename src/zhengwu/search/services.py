"""State changes of search by people: starting a re-index from the workbench."""

from __future__ import annotations

from django.db import transaction

from zhengwu.core import audit, searchable
from zhengwu.core.errors import Invalid
from zhengwu.org import permissions

from . import tasks
from .models import ReindexRun


def can_manage(user) -> bool:
    """政务公开办管理员 (or a superuser) looks after the index of the whole platform."""
    return permissions.allows_somewhere(user, "search.reindex")


def start_reindex(kind: str | None, *, by) -> ReindexRun:
    """Queue a re-index of one kind or of everything; the run row shows its progress."""
    permissions.require_somewhere(by, "search.reindex")
    if kind and searchable.get(kind) is None:
        raise Invalid(f"没有名为“{kind}”的检索类别", code="unknown_kind", field="kind")
    if ReindexRun.objects.filter(
        kind=kind or "", status__in=[ReindexRun.QUEUED, ReindexRun.RUNNING]
    ).exists():
        raise Invalid("同一类别的重建索引任务已在进行中，请等待完成", code="reindex_running")
    with transaction.atomic():
        run = ReindexRun.objects.create(kind=kind or "")
        audit.record("search.reindex", run, actor=by, after={"kind": run.kind or "全部"})
        transaction.on_commit(lambda: tasks.reindex_search.enqueue(run.pk))
    return run
