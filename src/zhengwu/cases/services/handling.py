"""办理: the steps after acceptance, the decision with its result document, and 送达 (办结)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zhengwu.core import audit, rows, signals
from zhengwu.core.calendar import workdays_between
from zhengwu.core.errors import Conflict, Invalid
from zhengwu.core.models import Clock
from zhengwu.org.models import Role

from .. import permissions, results
from ..models import (
    Case,
    CaseStep,
    Delivery,
    Suspension,
)
from ._common import (
    CURRENT_STEP,
    FOR_DECIDE,
    FOR_DELIVER,
    STATE_FIELDS,
    _activate,
    _event,
    _expect,
    _irregular,
    _lock_with_steps,
    _records_conflict,
    _save,
    _steps,
    _tell_applicant,
    _today,
    _write,
)

DECIDE_CODES = {"decide", "decision", "jueding"}


def decision_step(case: Case, steps: list[CaseStep] | None = None) -> CaseStep | None:
    steps = _steps(case) if steps is None else steps
    for s in steps:
        if s.code in DECIDE_CODES or "决定" in s.name:
            return s
    return steps[-1] if steps else None


def _finish_step(case: Case, step: CaseStep, *, by, on: dt.date, opinion: str) -> list[Clock]:
    """Mark the step done. Returns its clock, which the caller stops (`_write`) with the
    step's row."""
    step.state, step.finished_on, step.handled_by, step.opinion = CaseStep.DONE, on, by, opinion
    c = step.clock if step.clock_id else None
    if c is None:
        return []
    if c.due_date and on > c.due_date:
        # 电子监察 trigger 3: a step over its own limit.
        _irregular(case, "step_overdue", f"环节“{step.name}”超过环节时限（{c.due_date}）")
    return [c]


def _next_step(steps: list[CaseStep], after: CaseStep) -> CaseStep | None:
    return next((s for s in steps if s.order > after.order), None)


@_records_conflict
def advance(
    case: Case,
    *,
    opinion: str,
    by,
    on: dt.date | None = None,
    version: int | None = None,
) -> Case:
    """Finish the current step (审查, 复核…; after the decision 制证…) and hand the case on."""
    on = _today(on)
    opinion = (opinion or "").strip()
    if not opinion:
        raise Invalid("请填写办理意见", code="opinion_required", field="opinion")
    with transaction.atomic():
        case, steps, _ = _lock_with_steps(case, version, CURRENT_STEP)
        _expect(case, "cases.advance")
        step = case.current_step
        if step is None:
            raise Conflict("该办件没有待办环节", code="no_step")
        permissions.require(
            by,
            "cases.advance",
            case,
            roles=permissions.step_roles(step),
            what=f"“{step.name}”环节办理",
        )
        decision = decision_step(case, steps)
        if case.status == Case.HANDLING and decision and decision.pk == step.pk:
            raise Invalid("当前为决定环节，请作出准予或不予的决定", code="decide_here")
        following = _next_step(steps, step)
        if case.status == Case.DECIDED and following is None:
            raise Invalid("最后一个环节请办理送达", code="deliver_here")
        before = audit.snapshot(case, STATE_FIELDS)
        w = rows.Changes(Case)
        _write(
            w,
            on,
            stop=_finish_step(case, step, by=by, on=on, opinion=opinion),
            start=_activate(case, following, on),
            steps=[step, *([following] if following else [])],
        )
        _event(w, case, "step_done", f"{step.name}完成", on, by, opinion)
        _save(w, case, "advance", by, before, "current_step")
    return case


@_records_conflict
def decide(
    case: Case,
    *,
    approve: bool,
    reason: str,
    by,
    on: dt.date | None = None,
    version: int | None = None,
    fields: dict | None = None,
) -> Case:
    """准予 / 不予 (行政许可法 §38: a refusal states its reasons), and the result document;
    `fields` fills an approved licence's template, by label (cases.results)."""
    on = _today(on)
    reason = (reason or "").strip()
    if not approve and not reason:
        raise Invalid("不予许可必须说明理由", code="reason_required", field="reason")
    with transaction.atomic():
        case, steps, _ = _lock_with_steps(case, version, FOR_DECIDE)
        _expect(case, "cases.decide")
        step = case.current_step
        decision = decision_step(case, steps)
        if step is None or decision is None or step.pk != decision.pk:
            raise Invalid("尚未到决定环节，请先完成前面的审查环节", code="not_decision_step")
        permissions.require(by, "cases.decide", case, roles=permissions.step_roles(step))
        template, filled = results.fill(case, approve, fields)
        before = audit.snapshot(case, STATE_FIELDS)
        w = rows.Changes(Case)
        finished = _finish_step(case, step, by=by, on=on, opinion=reason or "准予")
        case.approved, case.decided_on, case.decision_reason = approve, on, reason
        case.status = Case.DECIDED
        results.issue(w, case, on, template, filled)
        following = _next_step(steps, step)
        _write(
            w,
            on,
            stop=finished,
            start=_activate(case, following, on),
            steps=[step, *([following] if following else [])],
        )
        if case.current_step is None:
            case.step_role = Role.WINDOW_CLERK
        _event(w, case, "decided", "准予" if approve else "不予", on, by, reason)
        _save(w, case, "decide", by, before, "decision_reason", "current_step")
        _tell_applicant(
            case,
            "办件已作出决定",
            f"“{case.item.name}”：{'准予' if approve else '不予'}。{reason}",
        )
    return case


@_records_conflict
def deliver(
    case: Case,
    *,
    method: str,
    by,
    address: str = "",
    tracking_number: str = "",
    on: dt.date | None = None,
    version: int | None = None,
) -> Case:
    """送达 and 办结: the clocks stop; handling time is measured against both limits."""
    on = _today(on)
    if method not in dict(Delivery.METHODS):
        raise Invalid("送达方式不正确", code="bad_method", field="method")
    if method == Delivery.POST and not (address or "").strip():
        raise Invalid("邮寄送达须填写邮寄地址", code="address_required", field="address")
    with transaction.atomic():
        case, steps, suspensions = _lock_with_steps(case, version, FOR_DELIVER, suspensions=True)
        _expect(case, "cases.deliver")
        roles = {
            *permissions.INTAKE_ROLES,
            *([case.current_step.role] if case.current_step else []),
        }
        permissions.require(by, "cases.deliver", case, roles=roles)
        before = audit.snapshot(case, STATE_FIELDS)
        w = rows.Changes(Case)
        open_steps = [s for s in steps if s.state != CaseStep.DONE]
        stop = []
        for step in open_steps:
            if step.state == CaseStep.PENDING:
                step.started_on = on
            stop += _finish_step(case, step, by=by, on=on, opinion=dict(Delivery.METHODS)[method])
        _write(w, on, stop=[*stop, *_close(case, on, suspensions)], steps=open_steps)
        delivery = Delivery(
            case=case,
            method=method,
            address=(address or "").strip()[:200],
            tracking_number=(tracking_number or "").strip()[:40],
            delivered_on=on,
            by=by,
        )
        w.insert(delivery)
        _event(w, case, "delivered", f"办结（{dict(Delivery.METHODS)[method]}）", on, by)
        _save(
            w,
            case,
            "deliver",
            by,
            before,
            "current_step",
            "handling_workdays",
            "on_time",
            "within_statutory",
            "warn_on",
        )
        _tell_applicant(case, "办件已办结", f"办件编号{case.number}已办结。")
        signals.rateable.send(
            sender=Case,
            subject=case,
            rater=case.applicant_user,
            agency_id=case.agency_id,
            item_id=case.item_id,
            scope_path=case.scope_path,
        )
    return case


def _close(case: Case, on: dt.date, suspensions: list[Suspension]) -> list[Clock]:
    """办结: the handling figures (less the workdays of the case's `suspensions`) and the
    state; returns the case's clocks for the caller to stop."""
    promised, statutory = case.promised_clock, case.statutory_clock
    # started on acceptance, and only an accepted case is delivered (Case.workflow)
    assert promised is not None and statutory is not None and case.accepted_on is not None
    case.on_time = bool(promised.due_date and on <= promised.due_date)
    case.within_statutory = bool(statutory.due_date and on <= statutory.due_date)
    paused = sum(
        workdays_between(s.started_on, s.ended_on or on, case.jurisdiction_code)
        for s in suspensions
    )
    case.handling_workdays = max(
        0, workdays_between(case.accepted_on, on, case.jurisdiction_code) - paused
    )
    case.status, case.completed_on = Case.COMPLETED, on
    case.current_step, case.step_role, case.due_date, case.warn_on = None, "", None, None
    return [promised, statutory]
