"""受理 and 补正: accepting, refusing, the 一次性告知 and the applicant's supplement; the daily
sweep that deems an application accepted when nobody told the applicant in time."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zhengwu.core import audit, clock, rows
from zhengwu.core.errors import Invalid
from zhengwu.core.models import Clock
from zhengwu.org.models import Role

from .. import permissions
from ..models import (
    Case,
    CaseDocument,
    CaseStep,
)
from ._common import (
    FOR_ACCEPT,
    STATE_FIELDS,
    _activate,
    _clock_kwargs,
    _document,
    _event,
    _expect,
    _irregular,
    _lock,
    _lock_with_steps,
    _records_conflict,
    _refresh_due,
    _save,
    _steps,
    _tell_applicant,
    _today,
    _write,
)
from .intake import _uploads, missing_required

ACCEPT_CODES = {"accept", "shouli", "acceptance"}


@_records_conflict
def supplement(
    case: Case,
    *,
    materials: dict,
    by,
    on: dt.date | None = None,
    version: int | None = None,
) -> Case:
    """补正: the applicant (or the window for them) hands in what the notice asked for."""
    on = _today(on)
    with transaction.atomic():
        case = _lock(case, version)
        _expect(case, "cases.supplement")
        if case.applicant_user_id != getattr(by, "pk", None):
            permissions.require(by, "cases.supplement", case)
        if not materials:
            raise Invalid("请上传补正材料", code="materials_required", field="materials")
        wanted = {m.pk: m for m in case.item.materials.all()}
        if any(k not in wanted for k in materials):
            raise Invalid("上传的材料不属于该事项", code="unknown_material")
        before = audit.snapshot(case, STATE_FIELDS)
        w = rows.Changes(Case)
        w.insert(*_uploads(case, materials, wanted))
        case.status = Case.SUBMITTED
        case.step_role = Role.WINDOW_CLERK
        # The 5 days for examining the supplemented application run from its receipt.
        assert case.intake_clock is not None  # started at submission
        clock.restart(case.intake_clock, on=on)
        _event(w, case, "supplemented", "申请人已补正材料", on, by)
        _save(w, case, "supplement", by, before)
    return case


def _accept(
    case: Case, *, on: dt.date, by, deemed: bool, steps: list[CaseStep] | None = None
) -> None:
    before = audit.snapshot(case, STATE_FIELDS)
    w = rows.Changes(Case)
    case.accepted_on = on
    case.deemed_accepted = deemed
    case.status = Case.HANDLING
    kw = _clock_kwargs(case)
    # 行政许可法 §§42, 82: the statutory period counts in working days from acceptance.
    case.statutory_clock = clock.new(
        case,
        purpose="法定办结时限",
        started_on=on,
        limit=case.statutory_limit,
        unit=Clock.WORKDAYS if case.statutory_unit == Clock.WORKDAYS else Clock.CALENDAR_DAYS,
        **kw,
    )
    case.promised_clock = clock.new(
        case,
        purpose="承诺办结时限",
        started_on=on,
        limit=case.promised_limit,
        unit=Clock.WORKDAYS if case.promised_unit == Clock.WORKDAYS else Clock.CALENDAR_DAYS,
        **kw,
    )
    steps = _steps(case) if steps is None else steps
    changed = []
    first = steps[0] if steps else None
    if first and (first.code in ACCEPT_CODES or "受理" in first.name):
        first.state, first.started_on, first.finished_on = CaseStep.DONE, on, on
        first.handled_by = by
        first.opinion = "逾期未告知补正，依法视为受理" if deemed else "材料齐全，予以受理"
        changed.append(first)
        steps = steps[1:]
    following = steps[0] if steps else None
    _write(
        w,
        on,
        stop=[case.intake_clock] if case.intake_clock_id else [],
        start=[case.statutory_clock, case.promised_clock, *_activate(case, following, on)],
        steps=[*changed, *([following] if following else [])],
    )
    _refresh_due(case)
    title = "视为受理（逾期未一次性告知）" if deemed else "受理"
    _event(w, case, "accepted", title, on, by)
    _document(
        w,
        case,
        CaseDocument.ACCEPTANCE,
        on,
        [
            f"您于{case.received_on:%Y年%m月%d日}提交的“{case.item.name}”申请，"
            + (
                "本机关未在五个工作日内一次性告知需要补正的全部内容，依照《中华人民共和国行政许可法》"
                "第三十二条，自收到申请材料之日起即为受理。"
                if deemed
                else "申请材料齐全、符合法定形式，依照《中华人民共和国行政许可法》第三十二条，决定予以受理。"
            ),
            f"法定办结时限{case.statutory_limit}个工作日，承诺办结时限{case.promised_limit}个工作日，"
            f"承诺于{case.due_date:%Y年%m月%d日}前办结。",
        ],
    )
    _save(
        w,
        case,
        "deemed_accept" if deemed else "accept",
        by,
        before,
        "deemed_accepted",
        "statutory_clock",
        "promised_clock",
        "current_step",
        "warn_on",
    )
    _tell_applicant(case, "申请已受理", f"办件编号{case.number}，承诺办结日期{case.due_date}。")


@_records_conflict
def accept(case: Case, *, by, on: dt.date | None = None, version: int | None = None) -> Case:
    """受理, with a 受理通知书 (行政许可法 §32)."""
    on = _today(on)
    with transaction.atomic():
        case, steps, _ = _lock_with_steps(case, version, FOR_ACCEPT)
        permissions.require(by, "cases.accept", case)
        _expect(case, "cases.accept")
        _accept(case, on=on, by=by, deemed=False, steps=steps)
    return case


@_records_conflict
def refuse(
    case: Case,
    *,
    reason: str,
    basis: str,
    by,
    on: dt.date | None = None,
    version: int | None = None,
) -> Case:
    """不予受理 with reasons and legal basis (行政许可法 §32(二), §38¶2)."""
    on = _today(on)
    reason, basis = (reason or "").strip(), (basis or "").strip()
    if not reason:
        raise Invalid("不予受理必须说明理由", code="reason_required", field="reason")
    if not basis:
        raise Invalid("不予受理必须写明法律依据", code="basis_required", field="basis")
    with transaction.atomic():
        case = _lock(case, version)
        permissions.require(by, "cases.refuse", case)
        _expect(case, "cases.refuse")
        before = audit.snapshot(case, STATE_FIELDS)
        provided = set(case.materials.exclude(material=None).values_list("material_id", flat=True))
        if not missing_required(case.item, provided, situations=case.situations.splitlines()):
            # 电子监察 trigger 1: refusing an application that meets the conditions.
            _irregular(case, "refused_acceptance", f"必要材料齐全的申请被不予受理：{reason}")
        w = rows.Changes(Case)
        if case.intake_clock_id:
            clock.stop_all([case.intake_clock], on=on, changes=w)
        case.status, case.completed_on, case.step_role = Case.REFUSED, on, ""
        case.refusal_reason, case.refusal_basis = reason, basis
        _event(w, case, "refused", "不予受理", on, by, reason)
        _document(
            w,
            case,
            CaseDocument.REFUSAL,
            on,
            [
                f"您提交的“{case.item.name}”申请，经审查决定不予受理。",
                f"理由：{reason}",
                f"依据：{basis}",
                "如不服本决定，可自收到本通知书之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。",
            ],
        )
        _save(w, case, "refuse", by, before, "refusal_reason", "refusal_basis")
        _tell_applicant(case, "申请不予受理", reason)
    return case


@_records_conflict
def request_supplement(
    case: Case,
    *,
    missing: str,
    by,
    on: dt.date | None = None,
    version: int | None = None,
) -> Case:
    """一次性告知: everything missing, once, within 5 working days (行政许可法 §32(四))."""
    on = _today(on)
    missing = (missing or "").strip()
    if not missing:
        raise Invalid("请列明需要补正的全部内容", code="missing_required", field="missing")
    with transaction.atomic():
        case = _lock(case, version)
        permissions.require(by, "cases.request_supplement", case)
        _expect(case, "cases.request_supplement")
        intake = case.intake_clock
        if intake is not None and intake.due_date and on > intake.due_date:
            raise Invalid(
                f"已超过五个工作日的告知期限（{intake.due_date}），依法自收到材料之日起即为受理，"
                "请直接受理",
                code="notice_too_late",
            )
        before = audit.snapshot(case, STATE_FIELDS)
        w = rows.Changes(Case)
        clock.stop_all([intake], on=on, changes=w)
        case.status, case.missing_materials, case.step_role = Case.SUPPLEMENT, missing, ""
        _event(w, case, "supplement_notice", "一次性告知补正材料", on, by, missing)
        _document(
            w,
            case,
            CaseDocument.SUPPLEMENT,
            on,
            [
                f"您提交的“{case.item.name}”申请材料不齐全或者不符合法定形式，"
                "现一次性告知需要补正的全部内容：",
                missing,
                "请补正后重新提交。补正期间不计入办理时限。",
            ],
        )
        _save(w, case, "request_supplement", by, before, "missing_materials")
        _tell_applicant(case, "请补正申请材料", missing)
    return case


def deem_accepted_overdue(today: dt.date | None = None) -> int:
    """行政许可法 §32(四): not told within 5 working days → accepted from the day of receipt."""
    today = _today(today)
    done = 0
    overdue = Case.objects.filter(
        status=Case.SUBMITTED,
        intake_clock__state=Clock.RUNNING,
        intake_clock__due_date__lt=today,
    ).values_list("pk", flat=True)
    for pk in list(overdue):
        with transaction.atomic():
            case = (
                Case.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("item", "agency", "intake_clock")
                .filter(pk=pk, status=Case.SUBMITTED)
                .order_by()
                .first()
            )
            if case is None:
                continue
            assert case.intake_clock is not None  # started at submission
            _accept(case, on=case.intake_clock.started_on, by=None, deemed=True)
            done += 1
    return done
