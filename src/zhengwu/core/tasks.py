import datetime as dt

from django_tasks import task

from . import audit, clock, idempotency, schedule, uploads


@task()
def recompute_open_clocks(provisional_only: bool = False) -> int:
    """After the calendar changes: every open clock's due date again."""
    return clock.recompute_open(provisional_only=provisional_only)


@task()
def export_audit_head() -> dict:
    """Daily: check what was added since the last exported head (the whole chains when there
    is none), then export the new head to the file outside the database (catches truncation)."""
    verdict = audit.verify(audit.load_head())
    if not verdict.ok:
        raise RuntimeError(f"审计链校验失败：{verdict.problem}")
    return audit.export_head()


schedule.register("core.export_audit_head", dt.timedelta(days=1), export_audit_head)
# Only the clocks counted on a year not yet entered: the others changed with no calendar change.
schedule.register(
    "core.recompute_provisional_clocks",
    dt.timedelta(hours=6),
    recompute_open_clocks,
    kwargs={"provisional_only": True},
)


@task()
def purge_idempotency_keys() -> int:
    """Hourly: the submission keys past ZHENGWU_IDEMPOTENCY_HOURS (core.idempotency)."""
    return idempotency.purge()


@task()
def sweep_orphan_files() -> int:
    """Daily: uploaded files no row refers to, older than ZHENGWU_ORPHAN_FILE_HOURS."""
    return len(uploads.sweep())


schedule.register("core.purge_idempotency_keys", dt.timedelta(hours=1), purge_idempotency_keys)
schedule.register("core.sweep_orphan_files", dt.timedelta(days=1), sweep_orphan_files)
