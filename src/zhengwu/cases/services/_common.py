"""What every transition of a case shares: the lock with the version and state checks, the
write of the case with its audit event, the case history, the notices to the applicant, and
the clocks of the current step."""

from __future__ import annotations

import datetime as dt
import functools
from typing import cast

from django.utils import timezone

from zhengwu.core import audit, clock, notify, rows, workflow
from zhengwu.core.errors import Conflict, NotFound
from zhengwu.core.models import Clock
from zhengwu.core.signals import irregularity
from zhengwu.org import scopes
from zhengwu.org.models import User

from .. import documents, results
from ..models import (
    Case,
    CaseDocument,
    CaseEvent,
    CaseStep,
    Suspension,
)

# ---------------------------------------------------------------- helpers


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


# What a transition reads besides the case row, fetched by the locking query (only the case row
# is locked). Anything else is loaded when first used.
LOCKED_WITH = [
    "item",
    "agency__jurisdiction",
    "current_step__clock",
    "intake_clock",
    "statutory_clock",
    "promised_clock",
]
# The hot transitions take only what they read (fewer joins to plan and build):
WRITES_DOCUMENT = ["item", "agency__jurisdiction"]
CURRENT_STEP = ["current_step__clock"]
FOR_ACCEPT = [*WRITES_DOCUMENT, "intake_clock"]
FOR_DECIDE = [*WRITES_DOCUMENT, "item__item_type", *CURRENT_STEP]
FOR_DELIVER = [*CURRENT_STEP, "statutory_clock", "promised_clock"]


def _lock(case: Case | int, version: int | None, related=LOCKED_WITH) -> Case:
    pk = case.pk if isinstance(case, Case) else case
    return _checked(rows.get(Case, pk, joins=tuple(related), for_update=True), version)


def _lock_with_steps(
    case: Case | int, version: int | None, related=LOCKED_WITH, *, suspensions: bool = False
) -> tuple[Case, list[CaseStep], list[Suspension]]:
    """`_lock`, and in the same statement the case's steps in order (`_steps`) and, if asked,
    its suspensions, all as the lock found them (`rows.get_with_rows`)."""
    pk = case.pk if isinstance(case, Case) else case
    wanted: dict[str, tuple[str, ...]] = {
        "steps": ("order",),
        **({"suspensions": ("id",)} if suspensions else {}),
    }
    found, children = rows.get_with_rows(Case, pk, wanted, joins=tuple(related), for_update=True)
    locked = _checked(found, version)
    # the rows of the relations asked for: a case's steps, its suspensions
    steps = cast("list[CaseStep]", children["steps"])
    return (
        locked,
        _current(locked, steps),
        cast("list[Suspension]", children.get("suspensions", [])),
    )


def _checked(locked: Case | None, version: int | None) -> Case:
    if locked is None:
        raise NotFound("办件不存在", code="no_such_case")
    workflow.check_version(locked, version)
    return locked


def _records_conflict(fn):
    """A losing concurrent attempt leaves a trace: the audit chain records it as failed
    (security-rules §5.5 B), after the attempt's own transaction has rolled back."""

    @functools.wraps(fn)
    def wrapper(case, *args, by, **kwargs):
        try:
            return fn(case, *args, by=by, **kwargs)
        except Conflict as e:
            pk = case.pk if isinstance(case, Case) else case
            workflow.record_refusal(f"cases.{fn.__name__}", Case, pk, by=by, message=e.message)
            raise

    return wrapper


def _expect(case: Case, action: str) -> None:
    """Refuse what the case's state does not allow (Case.workflow, in the table's words)."""
    Case.workflow.check(case, action)


STATE_FIELDS = [
    "status",
    "version",
    "step_role",
    "due_date",
    "accepted_on",
    "decided_on",
    "completed_on",
    "approved",
    "extended",
]


def _role(by) -> str:
    """The actor's roles for the audit event, from the roles already loaded for the check."""
    if by is None:
        return ""
    if by.kind != User.STAFF:
        return by.kind
    return ",".join(sorted({a.role for a in scopes.assignments(by)}))[:40]


def _save(w: rows.Changes, case: Case, action: str, by, before: dict, *fields: str) -> None:
    """Write the transition's rows with the case's new state and its audit event, in one
    statement on PostgreSQL. The event records the case's new state but not the keys of the
    rows this change inserts (acceptance's clocks): they are taken inside that statement,
    after the event is sealed; the dates those clocks give are on the case."""
    landed = Case.workflow[f"cases.{action}"].target
    if landed is not None and case.status != landed:
        raise ValueError(f"cases.{action} 应使办件进入“{landed}”")  # the table and code disagree
    case.version += 1
    names = [*STATE_FIELDS, *fields]
    w.update(case, names)
    new_rows = w.pointing_to_new_rows(case, names)
    audit.record(
        f"cases.{action}",
        case,
        changes=w,
        actor=by,
        role=_role(by),
        before=before,
        after=audit.snapshot(case, [n for n in names if n not in new_rows]),
    )


def _event(
    w: rows.Changes, case: Case, kind: str, title: str, on: dt.date, by=None, note: str = ""
) -> None:
    w.insert(CaseEvent(case=case, kind=kind, title=title, on=on, by=by, note=note))


def _tell_applicant(case: Case, title: str, body: str = "") -> None:
    if case.applicant_user_id:
        notify.notify(case.applicant_user, title, body, f"/zwfw/my/{case.pk}/")


def _irregular(case: Case, kind: str, detail: str) -> None:
    irregularity.send(
        sender=Case,
        kind=kind,
        subject=case,
        agency_id=case.agency_id,
        scope_path=case.scope_path,
        detail=detail,
    )


def _document(w: rows.Changes, case: Case, kind: str, on: dt.date, body: list[str]) -> CaseDocument:
    """The notice's text as issued; its PDF is rendered on first download."""
    title = dict(CaseDocument.KINDS)[kind]
    verification = results.code()
    text = documents.text(
        title=title,
        number=f"办件编号：{case.number}",
        addressee=case.applicant_name,
        body=body,
        agency=case.agency.name,
        issued_on=on,
        footer="凭办件编号和提交申请时告知的查询码，可在政务服务网“办件查询”查看办理进度。"
        + results.VERIFY_FOOTER.format(code=verification),
        code=verification,
    )
    document = CaseDocument(
        case=case,
        kind=kind,
        issued_on=on,
        text=text,
        verification_code=verification,
    )
    w.insert(document)
    return document


def _refresh_due(case: Case) -> None:
    """Copy the promised clock's due date onto the case (the 待办 list sorts by it); the clock
    in memory is the one the clock functions just saved."""
    c = case.promised_clock
    if c is not None:
        case.due_date, case.warn_on = c.due_date, c.warn_on


def _clock_kwargs(case: Case) -> dict:
    return {
        "jurisdiction_code": case.jurisdiction_code,
        "scope_path": case.scope_path,
        "agency_id": case.agency_id,
    }


def _activate(case: Case, step: CaseStep | None, on: dt.date) -> list[Clock]:
    """Make `step` the current one. Returns its clock, which the caller starts (`_write`) with
    the step's row."""
    case.current_step = step
    if step is None:
        case.step_role = ""
        return []
    step.state, step.started_on = CaseStep.ACTIVE, on
    step.clock = clock.new(
        case,
        purpose=f"环节时限：{step.name}",
        started_on=on,
        limit=step.limit,
        **_clock_kwargs(case),
    )
    case.step_role = step.role
    return [step.clock]


def _write(w: rows.Changes, on: dt.date, *, stop=(), start=(), steps=()) -> None:
    """Add to `w` what a transition changed in its clocks and steps: the clocks stopped, the
    clocks started, and each step changed, which may point to a new clock."""
    clock.stop_all(stop, on=on, changes=w)
    w.insert(*start)
    for step in steps:
        if step.state == CaseStep.DONE:
            fields = ["state", "started_on", "finished_on", "handled_by", "opinion"]
        else:
            fields = ["state", "started_on", "clock"]
        w.update(step, fields)


def _steps(case: Case) -> list[CaseStep]:
    """The case's steps in order; the current one is the instance `_lock` loaded with its
    clock."""
    return _current(case, rows.select(CaseStep, case_id=case.pk, order_by=("order",)))


def _current(case: Case, steps: list[CaseStep]) -> list[CaseStep]:
    # the step that is current is loaded on the case (`or s` only tells mypy it is not None)
    return [(case.current_step or s) if s.pk == case.current_step_id else s for s in steps]
