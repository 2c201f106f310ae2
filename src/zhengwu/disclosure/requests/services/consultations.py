"""征求意见 (条例 §32, §34): the consultation and the party's reply."""

from __future__ import annotations

from zhengwu.core import clock, workflow
from zhengwu.core.errors import Invalid
from zhengwu.core.models import Clock
from zhengwu.org import permissions

from ..models import Consultation, Request
from ._common import (
    CONSULTATION,
    _clock,
    _main_clock,
    _start,
    _stop,
    today,
)

CONSULT = "disclosure_request.consult"
REPLY = "disclosure_request.consultation_reply"


def consult(
    req: Request, *, kind: str, party_name: str, sent_on=None, by, version=None
) -> Consultation:
    """条例 §32/§34: a written consultation; the party has 15 working days to reply and the time
    does not count against the answer period (§33¶3). An action on the request (its state allows
    it, its answer clock waits) that creates the consultation with it."""
    permissions.require(by, CONSULT, agency_id=req.agency_id, path=req.scope_path)
    if kind not in dict(Consultation.KINDS):
        raise Invalid("请选择征求意见对象类型", code="bad_kind", field="kind")
    if not (party_name or "").strip():
        raise Invalid("请填写征求意见对象名称", code="party_required", field="party_name")
    sent_on = sent_on or today()
    with workflow.transition(req, CONSULT, by=by, version=version) as change:
        locked = change.obj
        if sent_on < locked.received_on:
            raise Invalid("征求意见日期不能早于收到申请日期", code="bad_date", field="sent_on")
        c = Consultation.objects.create(
            request=locked, kind=kind, party_name=party_name.strip()[:100], sent_on=sent_on
        )
        _start(c, locked, CONSULTATION, sent_on, "disclosure.consultation")
        main = _main_clock(locked)
        if main.state == Clock.RUNNING:
            clock.suspend(main, on=sent_on, reason="征求第三方和其他机关意见")
        change.note(consultation=c.pk, kind=kind, sent_on=sent_on)
    return c


def record_reply(
    consultation: Consultation, *, reply: str, on=None, note: str = "", by, version=None
) -> Consultation:
    """The party's reply (or its silence after 15 working days); when no consultation is left
    open the answer period runs again."""
    req = consultation.request
    permissions.require(by, REPLY, agency_id=req.agency_id, path=req.scope_path)
    if reply not in dict(Consultation.REPLIES):
        raise Invalid("请选择答复结果", code="bad_reply", field="reply")
    on = on or today()
    if on < consultation.sent_on:
        raise Invalid("答复日期不能早于征求意见日期", code="bad_date", field="on")
    with workflow.transition(consultation, REPLY, by=by, version=version) as change:
        locked = change.obj
        c_clock = _clock(locked, CONSULTATION)
        if (
            reply == Consultation.NO_REPLY
            and c_clock
            and c_clock.due_date
            and on <= c_clock.due_date
        ):
            raise Invalid(
                f"第三方答复期限（15个工作日）至{c_clock.due_date}届满，届满前不能按逾期未答复处理",
                code="consultation_running",
            )
        locked.reply, locked.replied_on, locked.note = reply, on, note
        _stop(locked, CONSULTATION, on)
        if not req.consultations.filter(reply="").exclude(pk=locked.pk).exists():
            main = _main_clock(req)
            if main.state == Clock.SUSPENDED:
                clock.resume(main, on=on)
        change.note(request=req.pk, on=on)
    return consultation
