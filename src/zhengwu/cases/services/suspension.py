"""计时: the excluded periods of 特别程序 (中止/恢复计时) and the head's extension (行政许可法
§§42, 45)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zhengwu.core import audit, clock, limits, rows
from zhengwu.core.errors import Invalid
from zhengwu.core.models import Clock

from .. import permissions
from ..models import (
    Case,
    CaseDocument,
    Suspension,
)
from ._common import (
    STATE_FIELDS,
    _document,
    _event,
    _expect,
    _lock,
    _records_conflict,
    _refresh_due,
    _save,
    _tell_applicant,
    _today,
)


def _running_clocks(case: Case) -> list[Clock]:
    clocks = [case.statutory_clock, case.promised_clock]
    if case.current_step and case.current_step.clock_id:
        clocks.append(case.current_step.clock)
    return [c for c in clocks if c is not None]


@_records_conflict
def suspend(
    case: Case,
    *,
    kind: str,
    reason: str,
    by,
    expected_days: int | None = None,
    on: dt.date | None = None,
    version: int | None = None,
) -> Case:
    """特别程序: 听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审 (行政许可法 §45), or 补正
    during handling — the time does not count; the applicant is told in writing."""
    on = _today(on)
    kinds = dict(Suspension.KINDS)
    if kind not in kinds:
        raise Invalid("请选择法定的不计时情形", code="bad_suspension_kind", field="kind")
    with transaction.atomic():
        case = _lock(case, version)
        permissions.require(by, "cases.suspend", case)
        _expect(case, "cases.suspend")
        before = audit.snapshot(case, STATE_FIELDS)
        w = rows.Changes(Case)
        for c in _running_clocks(case):
            clock.suspend(c, on=on, reason=kinds[kind])
        Suspension.objects.create(
            case=case,
            kind=kind,
            reason=(reason or "").strip()[:300],
            expected_days=expected_days,
            started_on=on,
        )
        case.status = Case.SUSPENDED
        _refresh_due(case)
        _event(w, case, "suspended", f"{kinds[kind]}（不计入办理时限）", on, by, reason or "")
        days = f"，预计需要{expected_days}日" if expected_days else ""
        _document(
            w,
            case,
            CaseDocument.SUSPENSION,
            on,
            [
                f"您申请的“{case.item.name}”需要进行{kinds[kind]}{days}。",
                "依照《中华人民共和国行政许可法》第四十五条，所需时间不计算在办理期限内。",
                reason or "",
            ],
        )
        _save(w, case, "suspend", by, before, "warn_on")
        _tell_applicant(case, f"办件进入{kinds[kind]}程序", reason or "")
    return case


@_records_conflict
def resume(case: Case, *, by, on: dt.date | None = None, version: int | None = None) -> Case:
    """The excluded period ends; the clocks count again."""
    on = _today(on)
    with transaction.atomic():
        case = _lock(case, version)
        permissions.require(by, "cases.resume", case)
        _expect(case, "cases.resume")
        before = audit.snapshot(case, STATE_FIELDS)
        w = rows.Changes(Case)
        s = case.suspensions.filter(ended_on__isnull=True).first()
        if s is None or on < s.started_on:
            raise Invalid("恢复计时日期不能早于中止日期", code="resume_before_suspend")
        s.ended_on = on
        s.save(update_fields=["ended_on"])
        for c in _running_clocks(case):
            clock.resume(c, on=on)
        case.status = Case.HANDLING
        _refresh_due(case)
        _event(w, case, "resumed", f"{s.get_kind_display()}结束，恢复计时", on, by)
        _save(w, case, "resume", by, before, "warn_on")
        _tell_applicant(case, "办件恢复办理", f"承诺办结日期{case.due_date}。")
    return case


@_records_conflict
def extend(
    case: Case,
    *,
    reason: str,
    by,
    on: dt.date | None = None,
    version: int | None = None,
) -> Case:
    """延长: +10 working days (joint handling +15), approved by the head; the applicant is
    told why (行政许可法 §42)."""
    on = _today(on)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("延长办理期限必须说明理由", code="reason_required", field="reason")
    with transaction.atomic():
        case = _lock(case, version)
        permissions.require(by, "cases.extend", case)
        _expect(case, "cases.extend")
        if case.extended:
            raise Invalid("该办件已经延长过一次，不能再次延长", code="already_extended")
        before = audit.snapshot(case, STATE_FIELDS)
        w = rows.Changes(Case)
        law = "cases.joint_extension" if case.item.joint else "cases.extension"
        days = limits.days(law, case.jurisdiction_code)
        # An approved extension moves the promise too: supervision measures 超期 against it.
        for c in (case.statutory_clock, case.promised_clock):
            assert c is not None  # started on acceptance: the case is being handled
            clock.extend(c, days=days)
        case.extended, case.extension_reason = True, reason[:300]
        _refresh_due(case)
        _event(w, case, "extended", f"经负责人批准延长{days}个工作日", on, by, reason)
        _document(
            w,
            case,
            CaseDocument.EXTENSION,
            on,
            [
                f"您申请的“{case.item.name}”，经本机关负责人批准，办理期限延长{days}个工作日。",
                f"理由：{reason}",
            ],
        )
        _save(w, case, "extend", by, before, "extension_reason", "warn_on")
        _tell_applicant(case, "办理期限已延长", reason)
    return case
