"""审核, 办理, 补正, 延期, 答复 and 归档 of a request."""

from __future__ import annotations

from django.db import transaction

from zhengwu.core import audit, clock, signals
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
    _change,
    _clock,
    _close,
    _law,
    _snap,
    _start,
    _stop,
    _tell_applicant,
    answer_clock,
    today,
)


@transaction.atomic
def review(req: Request, *, by) -> Request:
    """登记 → 审核: an officer takes the request up for review."""
    permissions.require(
        by, "disclosure_request.review", agency_id=req.agency_id, path=req.scope_path
    )
    before = _change(req, [Request.REGISTERED], "开始审核")
    req.status = Request.REVIEWING
    req.save(update_fields=["status", "updated_at"])
    audit.record("disclosure_request.review", req, actor=by, before=before, after=_snap(req))
    return req


@transaction.atomic
def handle(req: Request, *, by, on=None) -> Request:
    """审核 → 办理: the request is clear enough to be handled."""
    permissions.require(
        by, "disclosure_request.handle", agency_id=req.agency_id, path=req.scope_path
    )
    before = _change(req, [Request.REGISTERED, Request.REVIEWING], "转入办理")
    req.status = Request.HANDLING
    req.save(update_fields=["status", "updated_at"])
    _stop(req, CLARIFY_NOTICE, on or today())
    audit.record("disclosure_request.handle", req, actor=by, before=before, after=_snap(req))
    return req


@transaction.atomic
def notify_clarification(
    req: Request, *, what: str, period_workdays: int | None = None, on=None, by
) -> Request:
    """条例 §30: within 7 working days of receipt, tell the applicant once what to clarify and
    give a reasonable period. The answer period waits and restarts on receipt of the clarification."""
    permissions.require(
        by, "disclosure_request.clarify_notice", agency_id=req.agency_id, path=req.scope_path
    )
    before = _change(req, [Request.REGISTERED, Request.REVIEWING], "告知补正")
    if req.clarify_noticed_on:
        raise Invalid("补正告知应一次性作出，本申请已告知过补正", code="clarify_once")
    what = (what or "").strip()
    if not what:
        raise Invalid("请写明需要补正的内容", code="clarify_what_required", field="what")
    on = on or today()
    notice_clock = _clock(req, CLARIFY_NOTICE)
    if notice_clock and notice_clock.due_date and on > notice_clock.due_date:
        raise Invalid(
            f"补正告知应在收到申请之日起{notice_clock.limit}个工作日内"
            f"（{notice_clock.due_date}前）作出",
            code="clarify_too_late",
        )
    period = period_workdays or _law(req, "disclosure.clarify_period").days
    if not 1 <= int(period) <= 60:
        raise Invalid("补正期限应为1至60个工作日", code="bad_period", field="period_workdays")
    _stop(req, CLARIFY_NOTICE, on)
    main = _clock(req, ANSWER)
    if main and main.state == Clock.RUNNING:
        clock.suspend(main, on=on, reason="补正")
    _start(req, req, CLARIFY_PERIOD, on, int(period))
    req.status = Request.CLARIFYING
    req.clarify_request = what
    req.clarify_noticed_on = on
    req.save()
    audit.record(
        "disclosure_request.clarify_notice", req, actor=by, before=before, after=_snap(req)
    )
    _tell_applicant(req, f"请补正政府信息公开申请（{req.number}）", what)
    return req


@transaction.atomic
def receive_clarification(req: Request, *, on=None, text: str = "", by) -> Request:
    """条例 §30: the answer period counts afresh from the day the clarified request arrives."""
    permissions.require(
        by, "disclosure_request.clarified", agency_id=req.agency_id, path=req.scope_path
    )
    before = _change(req, [Request.CLARIFYING], "登记补正")
    on = on or today()
    if on < req.clarify_noticed_on:
        raise Invalid("收到补正日期不能早于补正告知日期", code="bad_date", field="on")
    period = _clock(req, CLARIFY_PERIOD)
    if period and period.due_date and on > period.due_date:
        raise Invalid(
            f"补正期限已于{period.due_date}届满，申请视为放弃", code="clarify_period_passed"
        )
    _stop(req, CLARIFY_PERIOD, on)
    clock.restart(answer_clock(req), on=on)
    req.clarified_on = on
    if text:
        req.description = (req.description + "\n【补正】" + text.strip()).strip()
    req.status = Request.REVIEWING
    req.save()
    audit.record("disclosure_request.clarified", req, actor=by, before=before, after=_snap(req))
    return req


@transaction.atomic
def abandon_unclarified(req: Request, *, on=None, by=None) -> Request:
    """条例 §30: no clarification within the period → 视为放弃申请 (年报 三（六）1)."""
    on = on or today()
    if by is not None:
        permissions.require(
            by, "disclosure_request.abandoned", agency_id=req.agency_id, path=req.scope_path
        )
    before = _change(req, [Request.CLARIFYING], "按逾期不补正处理")
    period = _clock(req, CLARIFY_PERIOD)
    if period is None or period.due_date is None or on <= period.due_date:
        raise Invalid("补正期限尚未届满", code="clarify_period_running")
    _close(req, "no_clarification", on, f"补正期限已于{period.due_date}届满，申请人未补正。")
    audit.record("disclosure_request.abandoned", req, actor=by, before=before, after=_snap(req))
    _tell_applicant(
        req,
        f"政府信息公开申请（{req.number}）视为放弃",
        rules.OUTCOME_BY_CODE["no_clarification"].letter,
    )
    return req


@transaction.atomic
def extend(req: Request, *, days: int, reason: str, by) -> Request:
    """条例 §33¶2: with the consent of the head of the 政府信息公开工作机构 (the agency's
    dept_head acts here), at most 20 more working days, and the applicant is told."""
    permissions.require(
        by, "disclosure_request.extend", agency_id=req.agency_id, path=req.scope_path
    )
    before = _change(req, [Request.REVIEWING, Request.HANDLING, Request.REGISTERED], "延期")
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise Invalid("延长天数应为整数", code="bad_extension", field="days") from None
    most = _law(req, "disclosure.extension").days
    if days < 1 or req.extended_days + days > most:
        raise Invalid(
            f"延长答复期限最长不超过{most}个工作日（已延长{req.extended_days}个工作日）",
            code="extension_too_long",
            field="days",
        )
    if not (reason or "").strip():
        raise Invalid("请填写延期理由", code="reason_required", field="reason")
    main = answer_clock(req)
    clock.extend(main, days=days)
    req.extended_days += days
    req.save(update_fields=["extended_days", "updated_at"])
    audit.record(
        "disclosure_request.extend",
        req,
        actor=by,
        before=before,
        after=_snap(req) | {"reason": reason},
    )
    main.refresh_from_db()
    _tell_applicant(
        req,
        f"政府信息公开申请（{req.number}）延期答复告知",
        f"经政府信息公开工作机构负责人同意，答复期限延长{days}个工作日，至{main.due_date or '暂停计时结束后计算'}。理由：{reason}",
    )
    return req


@transaction.atomic
def answer(
    req: Request, *, outcome: str, reason: str = "", on=None, provided_otherwise: str = "", by
) -> Request:
    """答复 with one of the legal answers of 条例 §§35–39 (the outcome decides the annual-report
    row). An answer that provides information goes with the files and links attached before
    (`released`), or `provided_otherwise` says how it is provided (e.g. 现场查阅, where and when).
    With delivery by e-mail, the letter and the files are sent after commit."""
    permissions.require(
        by, "disclosure_request.answer", agency_id=req.agency_id, path=req.scope_path
    )
    before = _change(req, [Request.REGISTERED, Request.REVIEWING, Request.HANDLING], "答复")
    if outcome not in dict(rules.ANSWER_CHOICES):
        raise Invalid("请选择答复结果", code="bad_outcome", field="outcome")
    info = rules.OUTCOME_BY_CODE[outcome]
    reason = (reason or "").strip()
    if info.needs_reason and not reason:
        raise Invalid("该答复类型应当说明理由", code="reason_required", field="reason")
    if req.consultations.filter(reply="").exists():
        raise Invalid("尚有征求意见未答复，请先登记答复", code="consultation_open")
    if req.fee_noticed_on and not req.fee_paid_on:
        raise Invalid("信息处理费尚未缴纳", code="fee_unpaid")
    if outcome == "still_unclear" and not req.clarified_on:
        raise Invalid("只有补正后仍不明确的申请才能按此答复", code="not_clarified", field="outcome")
    on = on or today()
    if on < req.received_on:
        raise Invalid("答复日期不能早于收到申请日期", code="bad_date", field="on")
    req.provided_otherwise = released.check_answer(req, outcome, provided_otherwise)
    _close(req, outcome, on, reason)
    given = [item.title for item in req.released_items.all()]
    audit.record(
        "disclosure_request.answer",
        req,
        actor=by,
        before=before,
        after=_snap(req) | {"released": given, "provided_otherwise": req.provided_otherwise},
    )
    if req.delivery == "email" and req.applicant_email:
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


@transaction.atomic
def archive(req: Request, *, by, on=None) -> Request:
    permissions.require(
        by, "disclosure_request.archive", agency_id=req.agency_id, path=req.scope_path
    )
    before = _change(req, [Request.ANSWERED], "归档")
    req.status = Request.ARCHIVED
    req.archived_on = on or today()
    req.save(update_fields=["status", "archived_on", "updated_at"])
    audit.record("disclosure_request.archive", req, actor=by, before=before, after=_snap(req))
    return req
