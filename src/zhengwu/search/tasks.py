"""Re-indexing (重建索引) as a background task, its progress stored on a ReindexRun row."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from .models import ReindexRun


def start(kind: str | None = None) -> ReindexRun:
    """Record a run and enqueue it (the CLI's --background); people use services.start_reindex."""
    run = ReindexRun.objects.create(kind=kind or "")
    reindex_search.enqueue(run.pk)
    return run


def execute(run: ReindexRun, progress=None) -> ReindexRun:
    """Do the run here and now, saving progress every few hundred records."""
    from . import index

    run.status, run.started_at = ReindexRun.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])

    def step(done: int) -> None:
        ReindexRun.objects.filter(pk=run.pk).update(done=done)
        if progress:
            progress(done)

    try:
        stats = index.reindex(run.kind or None, progress=step)
    except Exception as e:
        run.status, run.message, run.finished_at = ReindexRun.FAILED, str(e)[:500], timezone.now()
        run.save(update_fields=["status", "message", "finished_at"])
        raise
    run.status, run.finished_at = ReindexRun.DONE, timezone.now()
    run.done, run.removed = stats.indexed, stats.removed
    run.message = f"已索引 {stats.indexed} 条，移除 {stats.removed} 条"
    run.save(update_fields=["status", "finished_at", "done", "removed", "message"])
    return run


@task()
def reindex_search(run_id: int) -> dict:
    run = execute(ReindexRun.objects.get(pk=run_id))
    return {"indexed": run.done, "removed": run.removed}
