"""审核, 办理, 补正, 延期, 答复 and 归档 of a request.

Each action has the one shape of core/workflow.py: who may (the permission map), the input,
then `workflow.transition` (lock, version and state per `Request.workflow`, the change, the
audit event, one transaction), then the letter to the applicant."""

from __future__ import annotations

from django.db import transaction

from zhengwu.core import clock, signals, workflow
from zhengwu.core.errors import Invalid
from zhengwu.core.models import Clock
from zhengwu.org import permissions

from .. import released, rules
from ..models import Request
from . import delivery
from ._common import (
    ANSWER,
    CLARIFY_NOTICE,
    CLARIFY_PERIOD,
    _clock,
    _close,
    _law,
    _main_clock,
    _start,
    _stop,
    _tell_applicant,
    today,
)

REVIEW = "disclosure_request.review"
HANDLE = "disclosure_request.handle"
CLARIFY = "disclosure_request.clarify_notice"
CLARIFIED = "disclosure_request.clarified"
ABANDONED = "disclosure_request.abandoned"
EXTEND = "disclosure_request.extend"
ANSWER_ACTION = "disclosure_request.answer"
ARCHIVE = "disclosure_request.archive"


def _require(by, action: str, req: Request) -> None:
    permissions.require(by, action, agency_id=req.agency_id, path=req.scope_path)


def review(req: Request, *, by, version=None) -> Request:
    """登记 → 审核: an officer takes the request up for review."""
    _require(by, REVIEW, req)
    with workflow.transition(req, REVIEW, by=by, version=version):
        pass  # the table moves it to 审核
    return req


def handle(req: Request, *, by, on=None, version=None) -> Request:
    """审核 → 办理: the request is clear enough to be handled."""
    _require(by, HANDLE, req)
    with workflow.transition(req, HANDLE, by=by, version=version) as c:
        _stop(c.obj, CLARIFY_NOTICE, on or today())
    return req


def notify_clarification(
    req: Request, *, what: str, period_workdays: int | None = None, on=None, by, version=None
) -> Request:
    """条例 §30: within 7 working days of receipt, tell the applicant once what to clarify and
    give a reasonable period. The answer period waits and restarts on receipt of the clarification."""
    _require(by, CLARIFY, req)
    what = (what or "").strip()
    on = on or today()
    with workflow.transition(req, CLARIFY, by=by, version=version) as c:
        locked = c.obj
        if locked.clarify_noticed_on:
            raise Invalid("补正告知应一次性作出，本申请已告知过补正", code="clarify_once")
        if not what:
            raise Invalid("请写明需要补正的内容", code="clarify_what_required", field="what")
        notice_clock = _clock(locked, CLARIFY_NOTICE)
        if notice_clock and notice_clock.due_date and on > notice_clock.due_date:
            raise Invalid(
                f"补正告知应在收到申请之日起{notice_clock.limit}个工作日内"
                f"（{notice_clock.due_date}前）作出",
                code="clarify_too_late",
            )
        period = period_workdays or _law(locked, "disclosure.clarify_period").days
        if not 1 <= int(period) <= 60:
            raise Invalid("补正期限应为1至60个工作日", code="bad_period", field="period_workdays")
        _stop(locked, CLARIFY_NOTICE, on)
        main = _clock(locked, ANSWER)
        if main and main.state == Clock.RUNNING:
            clock.suspend(main, on=on, reason="补正")
        _start(locked, locked, CLARIFY_PERIOD, on, int(period))
        locked.clarify_request = what
        locked.clarify_noticed_on = on
    _tell_applicant(req, f"请补正政府信息公开申请（{req.number}）", what)
    return req


def receive_clarification(req: Request, *, on=None, text: str = "", by, version=None) -> Request:
    """条例 §30: the answer period counts afresh from the day the clarified request arrives."""
    _require(by, CLARIFIED, req)
    on = on or today()
    with workflow.transition(req, CLARIFIED, by=by, version=version) as c:
        locked = c.obj
        if on < locked.clarify_noticed_on:
            raise Invalid("收到补正日期不能早于补正告知日期", code="bad_date", field="on")
        period = _clock(locked, CLARIFY_PERIOD)
        if period and period.due_date and on > period.due_date:
            raise Invalid(
                f"补正期限已于{period.due_date}届满，申请视为放弃", code="clarify_period_passed"
            )
        _stop(locked, CLARIFY_PERIOD, on)
        clock.restart(_main_clock(locked), on=on)
        locked.clarified_on = on
        if text:
            locked.description = (locked.description + "\n【补正】" + text.strip()).strip()
    return req


def abandon_unclarified(req: Request, *, on=None, by=None, version=None) -> Request:
    """条例 §30: no clarification within the period → 视为放弃申请 (年报 三（六）1)."""
    on = on or today()
    if by is not None:
        _require(by, ABANDONED, req)
    with workflow.transition(req, ABANDONED, by=by, version=version) as c:
        locked = c.obj
        period = _clock(locked, CLARIFY_PERIOD)
        if period is None or period.due_date is None or on <= period.due_date:
            raise Invalid("补正期限尚未届满", code="clarify_period_running")
        _close(locked, "no_clarification", on, f"补正期限已于{period.due_date}届满，申请人未补正。")
    _tell_applicant(
        req,
        f"政府信息公开申请（{req.number}）视为放弃",
        rules.OUTCOME_BY_CODE["no_clarification"].letter,
    )
    return req


def extend(req: Request, *, days: int | str | None, reason: str, by, version=None) -> Request:
    """条例 §33¶2: with the consent of the head of the 政府信息公开工作机构 (the agency's
    dept_head acts here), at most 20 more working days, and the applicant is told. `days` as
    the form (text) or the API (a number, or none) gives it."""
    _require(by, EXTEND, req)
    try:
        days = int("" if days is None else days)
    except (TypeError, ValueError):
        raise Invalid("延长天数应为整数", code="bad_extension", field="days") from None
    with workflow.transition(req, EXTEND, by=by, version=version) as c:
        locked = c.obj
        most = _law(locked, "disclosure.extension").days
        if days < 1 or locked.extended_days + days > most:
            raise Invalid(
                f"延长答复期限最长不超过{most}个工作日（已延长{locked.extended_days}个工作日）",
                code="extension_too_long",
                field="days",
            )
        if not (reason or "").strip():
            raise Invalid("请填写延期理由", code="reason_required", field="reason")
        main = _main_clock(locked)
        clock.extend(main, days=days)
        locked.extended_days += days
        c.note(reason=reason)
    main.refresh_from_db()
    _tell_applicant(
        req,
        f"政府信息公开申请（{req.number}）延期答复告知",
        f"经政府信息公开工作机构负责人同意，答复期限延长{days}个工作日，至{main.due_date or '暂停计时结束后计算'}。理由：{reason}",
    )
    return req


def answer(
    req: Request,
    *,
    outcome: str,
    reason: str = "",
    on=None,
    provided_otherwise: str = "",
    by,
    version=None,
) -> Request:
    """答复 with one of the legal answers of 条例 §§35–39 (the outcome decides the annual-report
    row). An answer that provides information goes with the files and links attached before
    (`released`), or `provided_otherwise` says how it is provided (e.g. 现场查阅, where and when).
    With delivery by e-mail, the letter and the files are sent after commit."""
    _require(by, ANSWER_ACTION, req)
    if outcome not in dict(rules.ANSWER_CHOICES):
        raise Invalid("请选择答复结果", code="bad_outcome", field="outcome")
    info = rules.OUTCOME_BY_CODE[outcome]
    reason = (reason or "").strip()
    if info.needs_reason and not reason:
        raise Invalid("该答复类型应当说明理由", code="reason_required", field="reason")
    on = on or today()
    with workflow.transition(req, ANSWER_ACTION, by=by, version=version) as c:
        locked = c.obj
        if locked.consultations.filter(reply="").exists():
            raise Invalid("尚有征求意见未答复，请先登记答复", code="consultation_open")
        if locked.fee_noticed_on and not locked.fee_paid_on:
            raise Invalid("信息处理费尚未缴纳", code="fee_unpaid")
        if outcome == "still_unclear" and not locked.clarified_on:
            raise Invalid(
                "只有补正后仍不明确的申请才能按此答复", code="not_clarified", field="outcome"
            )
        if on < locked.received_on:
            raise Invalid("答复日期不能早于收到申请日期", code="bad_date", field="on")
        locked.provided_otherwise = released.check_answer(locked, outcome, provided_otherwise)
        _close(locked, outcome, on, reason)
        given = [item.title for item in locked.released_items.all()]
        c.note(released=given, provided_otherwise=locked.provided_otherwise)
        if locked.delivery == "email" and locked.applicant_email:
            transaction.on_commit(lambda: delivery.send_by_email(req.pk))
    _tell_applicant(req, f"您的政府信息公开申请（{req.number}）已答复", info.label)
    signals.rateable.send(
        sender=Request,
        subject=req,
        rater=req.account,
        agency_id=req.agency_id,
        scope_path=req.scope_path,
    )
    return req


def archive(req: Request, *, by, on=None, version=None) -> Request:
    _require(by, ARCHIVE, req)
    with workflow.transition(req, ARCHIVE, by=by, version=version) as c:
        c.obj.archived_on = on or today()
    return req
