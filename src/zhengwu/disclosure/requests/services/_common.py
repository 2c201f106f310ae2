"""What the request services share: the clocks' names, the state snapshot, the legal clocks,
the letter to the applicant and the closing of a request."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from zhengwu.core import audit, clock, limits
from zhengwu.core.models import Clock
from zhengwu.core.notify import notify

from .. import rules
from ..models import Request

ANSWER = "依申请公开答复期限"  # 条例 §33: 20 working days, +20 with approval
CLARIFY_NOTICE = "补正告知期限"  # 条例 §30: notice within 7 working days of receipt
CLARIFY_PERIOD = "补正期限"  # 条例 §30: the reasonable period the agency gives
CONSULTATION = "征求意见答复期限"  # 条例 §32, §34: 15 working days for the reply
FEE_PAYMENT = "缴纳信息处理费期限"  # 国办函〔2020〕109号 (period U: configurable)
REPORT_DUE = "政府信息公开年度报告发布期限"  # 条例 §49

STATE_FIELDS = [
    "status",
    "outcome",
    "outcome_row",
    "answered_on",
    "archived_on",
    "clarify_noticed_on",
    "clarified_on",
    "extended_days",
    "fee_method",
    "fee_yuan",
    "fee_noticed_on",
    "fee_paid_on",
]


def today() -> dt.date:
    return timezone.localdate()


def _snap(req: Request) -> dict:
    return audit.snapshot(req, STATE_FIELDS)


def _clock(subject: models.Model, purpose: str, *, open_only: bool = True) -> Clock | None:
    qs = clock.clocks_of(subject).filter(purpose=purpose)
    if open_only:
        qs = qs.exclude(state=Clock.STOPPED)
    return qs.order_by("-id").first()


def answer_clock(req: Request) -> Clock | None:
    return _clock(req, ANSWER, open_only=False)


def _main_clock(req: Request) -> Clock:
    """The answer clock of a request being handled: intake and the importer start it."""
    main = answer_clock(req)
    assert main is not None, f"{req.number} has no answer clock"
    return main


def _law(req: Request, code: str) -> limits.Limit:
    """A statutory limit (core.limits) as it applies in the request's jurisdiction."""
    return limits.get(code, req.agency.jurisdiction.code)


def _start(subject, req: Request, purpose: str, on: dt.date, limit: int | str) -> Clock:
    """A clock of `limit` working days, or of the statutory limit of that code."""
    j = req.agency.jurisdiction
    law = limits.get(limit, j.code) if isinstance(limit, str) else None
    return clock.start(
        subject,
        purpose=purpose,
        started_on=on,
        limit=law.days if law else limit,
        unit=law.unit if law else Clock.WORKDAYS,
        jurisdiction_code=j.code,
        scope_path=req.scope_path,
        agency_id=req.agency_id,
    )


def _stop(subject, purpose: str, on: dt.date) -> None:
    for c in clock.clocks_of(subject).filter(purpose=purpose).exclude(state=Clock.STOPPED):
        clock.stop(c, on=on)


def _tell_applicant(req: Request, title: str, body: str) -> None:
    if req.account_id:
        notify(req.account, title, body, f"/my/requests/{req.number}/")


def _close(req: Request, outcome: str, on: dt.date, reason: str = "") -> None:
    """Answer the (locked) request and stop its clocks, inside its transition (which saves it)."""
    info = rules.OUTCOME_BY_CODE[outcome]
    req.status = Request.ANSWERED
    req.outcome = outcome
    req.outcome_row = info.row
    req.answered_on = on
    req.answer_reason = reason
    for c in clock.clocks_of(req).exclude(state=Clock.STOPPED):
        clock.stop(c, on=on)
    for consultation in req.consultations.all():
        _stop(consultation, CONSULTATION, on)
