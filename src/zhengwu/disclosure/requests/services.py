"""Every state change of a 依申请公开 request and of an annual report: one function each, taking
the acting user as `by=`, checking permission, changing rows, keeping the legal clocks and
writing the audit event in one transaction."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhengwu.core import audit, clock, limits, money, signals, tracking
from zhengwu.core.errors import Conflict, Invalid, NotFound
from zhengwu.core.identity import validate_id_number, validate_usci
from zhengwu.core.models import Clock
from zhengwu.core.notify import notify
from zhengwu.org import scopes
from zhengwu.org.models import Agency, Role

from . import rules
from .models import AnnualReport, Consultation, Remedy, Request

# Who handles requests: the agency's 信息公开工作人员, or the 政务公开办 over its jurisdiction.
HANDLERS = [Role.DISCLOSURE_OFFICER, Role.OPENNESS_ADMIN]

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


def require_handler(user, req: Request, what: str = "办理政府信息公开申请") -> None:
    scopes.require(user, agency_id=req.agency_id, path=req.scope_path, roles=HANDLERS, what=what)


def _clock(req: Request, purpose: str, *, open_only: bool = True) -> Clock | None:
    qs = clock.clocks_of(req).filter(purpose=purpose)
    if open_only:
        qs = qs.exclude(state=Clock.STOPPED)
    return qs.order_by("-id").first()


def answer_clock(req: Request) -> Clock | None:
    return _clock(req, ANSWER, open_only=False)


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


# ---------------------------------------------------------------- intake


def clean_applicant(data: dict) -> dict:
    """条例 §29¶2(一): name, proof of identity and contact, validated; the type decides which
    identity (居民身份证号 for 自然人, 统一社会信用代码 for 法人或其他组织)."""
    kind = (data.get("applicant_type") or "").strip()
    if kind not in rules.APPLICANT_LABELS:
        raise Invalid("请选择申请人类型", code="applicant_type_required", field="applicant_type")
    name = (data.get("applicant_name") or "").strip()
    if not name:
        raise Invalid("请填写申请人姓名或名称", code="name_required", field="applicant_name")
    raw_id = (data.get("applicant_id") or "").strip()
    if kind == rules.NATURAL:
        try:
            ident = validate_id_number(raw_id)
        except Invalid as e:
            raise Invalid(e.message, code=e.code, field="applicant_id") from None
    else:
        try:
            ident = validate_usci(raw_id)
        except Invalid as e:
            raise Invalid(e.message, code=e.code, field="applicant_id") from None
    phone = (data.get("applicant_phone") or "").strip()
    if not phone or not phone.replace("-", "").isdigit() or not 7 <= len(phone) <= 20:
        raise Invalid("请填写正确的联系电话", code="phone_required", field="applicant_phone")
    subject = (data.get("subject") or "").strip()
    if not subject:
        raise Invalid("请填写所需政府信息的名称", code="subject_required", field="subject")
    form = data.get("form") or "electronic"
    delivery = data.get("delivery") or "online"
    if form not in dict(Request.FORMS) or delivery not in dict(Request.DELIVERIES):
        raise Invalid("请选择信息的提供形式和获取方式", code="bad_form", field="form")
    return {
        "applicant_type": kind,
        "applicant_name": name[:100],
        "applicant_id": ident,
        "applicant_phone": phone,
        "applicant_address": (data.get("applicant_address") or "").strip()[:200],
        "applicant_email": (data.get("applicant_email") or "").strip()[:254],
        "contact_person": (data.get("contact_person") or "").strip()[:40],
        "subject": subject[:200],
        "description": (data.get("description") or "").strip(),
        "form": form,
        "delivery": delivery,
    }


def _new_number(agency: Agency, year: int) -> str:
    seq = Request.objects.filter(agency=agency, received_on__year=year).count() + 1
    return f"YSQ{year}{agency.pk:04d}{seq:05d}"


def _create(
    agency: Agency, fields: dict, *, channel: str, arrived_on, received_on, by, client_key=""
):
    code = "".join(secrets.choice("ABCDEFGHJKLMNPQRTUWXY23456789") for _ in range(8))
    for attempt in range(5):
        number = _new_number(agency, received_on.year)
        if attempt:
            number += secrets.choice("ABCDEFGHJK")
        try:
            with transaction.atomic():
                req = Request.objects.create(
                    number=number,
                    query_code_hash=tracking.hash_code(number, code),
                    client_key=client_key,
                    agency=agency,
                    scope_path=agency.scope_path,
                    channel=channel,
                    arrived_on=arrived_on,
                    received_on=received_on,
                    receipt_basis=rules.RECEIPT_BASIS[channel],
                    **fields,
                )
            break
        except IntegrityError:
            # The same client key submitted twice at once: the first one wins, the second gets it.
            existing = client_key and Request.objects.filter(client_key=client_key).first()
            if existing:
                return existing, ""
            continue
    else:
        raise Invalid("申请编号生成失败，请重试", code="number_clash")
    _start(req, req, ANSWER, received_on, "disclosure.answer")
    _start(req, req, CLARIFY_NOTICE, received_on, "disclosure.clarify_notice")
    return req, code


@transaction.atomic
def submit_online(
    agency: Agency, data: dict, *, by, client_key: str = "", history_date: dt.date | None = None
) -> tuple[Request, str]:
    """网上申请 with or without a public account. Both sides confirm the receipt at once (the
    system's acknowledgement), so the receipt date is the day of submission (条例 §31(四)).

    `client_key` makes a retried submission return the first one (idempotent). `history_date`
    is only for loading past years (the demo); the pages and the API never pass it."""
    client_key = (client_key or "").strip()[:64]
    if client_key:
        existing = Request.objects.filter(client_key=client_key).first()
        if existing:
            return existing, ""
    if not agency.is_active:
        raise NotFound("该机关不接受申请", code="agency_inactive")
    fields = clean_applicant(data)
    account = by if getattr(by, "is_authenticated", False) and by.kind != "staff" else None
    if account is not None and fields["applicant_id"] not in (account.id_number, account.usci):
        raise Invalid(
            "登录账户只能以本人（本单位）名义申请，身份证件号码应与账户一致",
            code="not_account_holder",
            field="applicant_id",
        )
    day = history_date or today()
    req, code = _create(
        agency,
        fields | {"account": account},
        channel=rules.ONLINE,
        arrived_on=day,
        received_on=day,
        by=by,
        client_key=client_key,
    )
    if not code:
        return req, ""
    audit.record("disclosure_request.submit", req, actor=account, after=_snap(req))
    _tell_applicant(req, f"已收到您的政府信息公开申请（{req.number}）", f"收到日期：{day}")
    return req, code


@transaction.atomic
def register(
    agency: Agency,
    data: dict,
    *,
    channel: str,
    by,
    submitted_on=None,
    signed_for_on=None,
    arrived_on=None,
    confirmed_on=None,
) -> tuple[Request, str]:
    """Staff register a request that came by letter, post, fax or in person (条例 §29¶1: an oral
    request is written down for the applicant), with the receipt date of §31 for its channel."""
    scopes.require(by, agency_id=agency.pk, path=agency.scope_path, roles=HANDLERS, what="登记申请")
    if channel == rules.ONLINE:
        raise Invalid("网上申请由申请人在线提交", code="online_not_registered", field="channel")
    received = rules.receipt_date(
        channel,
        submitted_on=submitted_on,
        signed_for_on=signed_for_on,
        arrived_on=arrived_on,
        confirmed_on=confirmed_on,
    )
    if received > today():
        raise Invalid("收到申请日期不能晚于今天", code="future_date", field="received_on")
    fields = clean_applicant(data)
    req, code = _create(
        agency,
        fields,
        channel=channel,
        arrived_on=arrived_on or signed_for_on or submitted_on or received,
        received_on=received,
        by=by,
    )
    audit.record("disclosure_request.register", req, actor=by, after=_snap(req))
    return req, code


# ---------------------------------------------------------------- 审核 / 办理


def _change(req: Request, allowed: list[str], what: str) -> dict:
    if req.status not in allowed:
        raise Invalid(f"申请当前状态为“{req.get_status_display()}”，不能{what}", code="bad_status")
    return _snap(req)


@transaction.atomic
def review(req: Request, *, by) -> Request:
    """登记 → 审核: an officer takes the request up for review."""
    require_handler(by, req)
    before = _change(req, [Request.REGISTERED], "开始审核")
    req.status = Request.REVIEWING
    req.save(update_fields=["status", "updated_at"])
    audit.record("disclosure_request.review", req, actor=by, before=before, after=_snap(req))
    return req


@transaction.atomic
def handle(req: Request, *, by, on=None) -> Request:
    """审核 → 办理: the request is clear enough to be handled."""
    require_handler(by, req)
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
    require_handler(by, req)
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
    require_handler(by, req)
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


def _close(req: Request, outcome: str, on: dt.date, reason: str = "") -> None:
    info = rules.OUTCOME_BY_CODE[outcome]
    req.status = Request.ANSWERED
    req.outcome = outcome
    req.outcome_row = info.row
    req.answered_on = on
    req.answer_reason = reason
    req.save()
    for c in clock.clocks_of(req).exclude(state=Clock.STOPPED):
        clock.stop(c, on=on)
    for consultation in req.consultations.all():
        _stop(consultation, CONSULTATION, on)


@transaction.atomic
def abandon_unclarified(req: Request, *, on=None, by=None) -> Request:
    """条例 §30: no clarification within the period → 视为放弃申请 (年报 三（六）1)."""
    on = on or today()
    if by is not None:
        require_handler(by, req)
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


# ---------------------------------------------------------------- extension and consultation


@transaction.atomic
def extend(req: Request, *, days: int, reason: str, by) -> Request:
    """条例 §33¶2: with the consent of the head of the 政府信息公开工作机构 (the agency's
    dept_head acts here), at most 20 more working days, and the applicant is told."""
    scopes.require(
        by,
        agency_id=req.agency_id,
        path=req.scope_path,
        roles=[Role.DEPT_HEAD],
        what="批准延期答复",
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
def consult(req: Request, *, kind: str, party_name: str, sent_on=None, by) -> Consultation:
    """条例 §32/§34: a written consultation; the party has 15 working days to reply and the time
    does not count against the answer period (§33¶3)."""
    require_handler(by, req)
    _change(req, [Request.REVIEWING, Request.HANDLING], "征求意见")
    if kind not in dict(Consultation.KINDS):
        raise Invalid("请选择征求意见对象类型", code="bad_kind", field="kind")
    if not (party_name or "").strip():
        raise Invalid("请填写征求意见对象名称", code="party_required", field="party_name")
    sent_on = sent_on or today()
    if sent_on < req.received_on:
        raise Invalid("征求意见日期不能早于收到申请日期", code="bad_date", field="sent_on")
    c = Consultation.objects.create(
        request=req, kind=kind, party_name=party_name.strip()[:100], sent_on=sent_on
    )
    _start(c, req, CONSULTATION, sent_on, "disclosure.consultation")
    main = answer_clock(req)
    if main.state == Clock.RUNNING:
        clock.suspend(main, on=sent_on, reason="征求第三方和其他机关意见")
    audit.record(
        "disclosure_request.consult",
        req,
        actor=by,
        after={"consultation": c.pk, "kind": kind, "sent_on": sent_on},
    )
    return c


@transaction.atomic
def record_reply(
    consultation: Consultation, *, reply: str, on=None, note: str = "", by
) -> Consultation:
    """The party's reply (or its silence after 15 working days); when no consultation is left
    open the answer period runs again."""
    req = consultation.request
    require_handler(by, req)
    if consultation.reply:
        raise Invalid("该征求意见已登记答复", code="already_replied")
    if reply not in dict(Consultation.REPLIES):
        raise Invalid("请选择答复结果", code="bad_reply", field="reply")
    on = on or today()
    if on < consultation.sent_on:
        raise Invalid("答复日期不能早于征求意见日期", code="bad_date", field="on")
    c_clock = _clock(consultation, CONSULTATION)
    if reply == Consultation.NO_REPLY and c_clock and c_clock.due_date and on <= c_clock.due_date:
        raise Invalid(
            f"第三方答复期限（15个工作日）至{c_clock.due_date}届满，届满前不能按逾期未答复处理",
            code="consultation_running",
        )
    consultation.reply, consultation.replied_on, consultation.note = reply, on, note
    consultation.save()
    _stop(consultation, CONSULTATION, on)
    if not req.consultations.filter(reply="").exists():
        main = answer_clock(req)
        if main.state == Clock.SUSPENDED:
            clock.resume(main, on=on)
    audit.record(
        "disclosure_request.consultation_reply",
        req,
        actor=by,
        after={"consultation": consultation.pk, "reply": reply, "on": on},
    )
    return consultation


# ---------------------------------------------------------------- 信息处理费


def nth_in_month(req: Request) -> int:
    """The position of this request among the applicant's requests to the agency in its month."""
    first = req.received_on.replace(day=1)
    same = Request.objects.filter(
        agency_id=req.agency_id,
        applicant_id=req.applicant_id,
        received_on__gte=first,
        received_on__lte=req.received_on,
    )
    earlier = same.filter(received_on__lt=req.received_on).count()
    return earlier + same.filter(received_on=req.received_on, pk__lte=req.pk).count()


def compute_fee(req: Request, method: str, pages: int | None = None) -> int:
    if method == rules.PER_ITEM:
        return rules.per_item_fee(nth_in_month(req))
    if method == rules.PER_VOLUME:
        if pages is None:
            raise Invalid("按量计收应填写页数", code="pages_required", field="pages")
        return rules.per_volume_fee(int(pages))
    raise Invalid("请选择收费方式", code="bad_fee_method", field="method")


@transaction.atomic
def notify_fee(req: Request, *, method: str, pages: int | None = None, on=None, by) -> Request:
    """收费通知 (国办函〔2020〕109号): one method per request. The answer period waits while the
    applicant pays; unpaid by the end of the payment period, the request is no longer handled."""
    require_handler(by, req)
    before = _change(req, [Request.REVIEWING, Request.HANDLING], "发出收费通知")
    if req.fee_noticed_on:
        raise Invalid("本申请已发出收费通知", code="fee_once")
    fee = compute_fee(req, method, pages)
    if fee == 0:
        raise Invalid("按收费标准本申请无需收费", code="fee_free")
    fee = money.parse_amount(
        fee,
        column=Request._meta.get_field("fee_yuan"),
        field="pages",
        label="信息处理费",
    )
    on = on or today()
    req.fee_method, req.fee_pages, req.fee_yuan, req.fee_noticed_on = (method, pages, fee, on)
    req.save()
    main = answer_clock(req)
    if main.state == Clock.RUNNING:
        clock.suspend(main, on=on, reason="收费通知至缴费")
    _start(req, req, FEE_PAYMENT, on, "disclosure.fee_payment")
    audit.record("disclosure_request.fee_notice", req, actor=by, before=before, after=_snap(req))
    _tell_applicant(
        req,
        f"信息处理费收费通知（{req.number}）",
        f"应缴信息处理费{fee}元（{dict(rules.FEE_METHODS)[method]}）。",
    )
    return req


@transaction.atomic
def record_payment(req: Request, *, on=None, by) -> Request:
    require_handler(by, req)
    if not req.fee_noticed_on or req.fee_paid_on:
        raise Invalid("本申请没有待缴的信息处理费", code="no_fee_due")
    before = _snap(req)
    on = on or today()
    pay_clock = _clock(req, FEE_PAYMENT)
    if pay_clock and pay_clock.due_date and on > pay_clock.due_date:
        raise Invalid(f"缴费期限已于{pay_clock.due_date}届满", code="fee_period_passed")
    req.fee_paid_on = on
    req.save(update_fields=["fee_paid_on", "updated_at"])
    _stop(req, FEE_PAYMENT, on)
    main = answer_clock(req)
    if main.state == Clock.SUSPENDED and not req.consultations.filter(reply="").exists():
        clock.resume(main, on=on)
    audit.record("disclosure_request.fee_paid", req, actor=by, before=before, after=_snap(req))
    return req


@transaction.atomic
def end_unpaid(req: Request, *, on=None, by=None) -> Request:
    """年报 三（六）2: the applicant did not pay in time; the agency no longer handles it."""
    if by is not None:
        require_handler(by, req)
    on = on or today()
    if not req.fee_noticed_on or req.fee_paid_on or not req.is_open:
        raise Invalid("本申请没有逾期未缴的信息处理费", code="no_fee_due")
    pay_clock = _clock(req, FEE_PAYMENT)
    if pay_clock is None or pay_clock.due_date is None or on <= pay_clock.due_date:
        raise Invalid("缴费期限尚未届满", code="fee_period_running")
    before = _snap(req)
    _close(req, "fee_unpaid", on, f"缴费期限已于{pay_clock.due_date}届满，申请人未缴费。")
    req.fee_yuan = Decimal(0)
    req.save(update_fields=["fee_yuan"])
    audit.record("disclosure_request.fee_unpaid", req, actor=by, before=before, after=_snap(req))
    _tell_applicant(
        req, f"政府信息公开申请（{req.number}）不再处理", rules.OUTCOME_BY_CODE["fee_unpaid"].letter
    )
    return req


# ---------------------------------------------------------------- 答复 and 归档


@transaction.atomic
def answer(
    req: Request, *, outcome: str, reason: str = "", on=None, provided_otherwise: str = "", by
) -> Request:
    """答复 with one of the legal answers of 条例 §§35–39 (the outcome decides the annual-report
    row). An answer that provides information goes with the files and links attached before
    (`released`), or `provided_otherwise` says how it is provided (e.g. 现场查阅, where and when).
    With delivery by e-mail, the letter and the files are sent after commit."""
    from . import released

    require_handler(by, req)
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
        transaction.on_commit(lambda: released.send_by_email(req.pk))
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
    require_handler(by, req)
    before = _change(req, [Request.ANSWERED], "归档")
    req.status = Request.ARCHIVED
    req.archived_on = on or today()
    req.save(update_fields=["status", "archived_on", "updated_at"])
    audit.record("disclosure_request.archive", req, actor=by, before=before, after=_snap(req))
    return req


@transaction.atomic
def record_remedy(
    req: Request, *, kind: str, filed_on, result: str = Remedy.PENDING, decided_on=None, note="", by
) -> Remedy:
    """行政复议 / 行政诉讼 against the answer (年报 表四)."""
    require_handler(by, req, "登记复议诉讼")
    if kind not in dict(Remedy.KINDS):
        raise Invalid("请选择复议或诉讼类型", code="bad_kind", field="kind")
    if result not in dict(Remedy.RESULTS):
        raise Invalid("请选择结果", code="bad_result", field="result")
    if not filed_on:
        raise Invalid("请填写申请或起诉日期", code="filed_on_required", field="filed_on")
    if (result == Remedy.PENDING) != (decided_on is None):
        raise Invalid(
            "已审结的应填写审结日期，尚未审结的不填", code="decided_on_mismatch", field="decided_on"
        )
    if decided_on and decided_on < filed_on:
        raise Invalid("审结日期不能早于申请日期", code="bad_date", field="decided_on")
    remedy = Remedy.objects.create(
        request=req,
        agency=req.agency,
        scope_path=req.scope_path,
        kind=kind,
        filed_on=filed_on,
        result=result,
        decided_on=decided_on,
        note=(note or "")[:200],
    )
    audit.record("disclosure_request.remedy", remedy, actor=by, after=audit.snapshot(remedy))
    return remedy


def remedy_of(req: Request, remedy_id) -> Remedy:
    """One 复议/诉讼 of this request, by the id a form or the API sent (anything else: 404)."""
    value = str(remedy_id or "")
    remedy = (
        req.remedies.filter(pk=int(value)).first() if value.isdigit() and len(value) < 18 else None
    )
    if remedy is None:
        raise NotFound("未找到该行政复议或诉讼记录", code="unknown_remedy", field="remedy")
    return remedy


@transaction.atomic
def decide_remedy(remedy: Remedy, *, result: str, decided_on, by) -> Remedy:
    """The 复议决定 or 判决 of a pending remedy: 维持, 纠正 (撤销、变更、确认违法、责令履行…) or
    其他结果, with its date; table 四 of the annual report counts it under that result."""
    require_handler(by, remedy.request, "登记复议诉讼")
    remedy = Remedy.objects.select_for_update().get(pk=remedy.pk)
    if remedy.result != Remedy.PENDING:
        raise Conflict("该复议或诉讼已登记审结结果", code="remedy_decided")
    if result not in dict(Remedy.RESULTS) or result == Remedy.PENDING:
        raise Invalid("请选择审结结果：维持、纠正或其他结果", code="bad_result", field="result")
    if not decided_on:
        raise Invalid("请填写审结日期", code="decided_on_required", field="decided_on")
    if decided_on < remedy.filed_on:
        raise Invalid("审结日期不能早于申请或起诉日期", code="bad_date", field="decided_on")
    before = audit.snapshot(remedy)
    remedy.result, remedy.decided_on = result, decided_on
    remedy.save(update_fields=["result", "decided_on"])
    audit.record(
        "disclosure_request.remedy_decided",
        remedy,
        actor=by,
        before=before,
        after=audit.snapshot(remedy),
    )
    return remedy


# ---------------------------------------------------------------- sweeps (system actions)


def sweep(on: dt.date | None = None) -> dict:
    """Requests whose 补正 period or payment period has passed end as the law says."""
    on = on or today()
    done = {"abandoned": 0, "unpaid": 0}
    for req in Request.objects.filter(status=Request.CLARIFYING).select_related(
        "agency__jurisdiction"
    ):
        period = _clock(req, CLARIFY_PERIOD)
        if period and period.due_date and period.due_date < on:
            abandon_unclarified(req, on=on)
            done["abandoned"] += 1
    waiting = Request.objects.filter(
        status__in=Request.OPEN_STATUSES, fee_noticed_on__isnull=False, fee_paid_on__isnull=True
    ).select_related("agency__jurisdiction")
    for req in waiting:
        pay = _clock(req, FEE_PAYMENT)
        if pay and pay.due_date and pay.due_date < on:
            end_unpaid(req, on=on)
            done["unpaid"] += 1
    return done


# ---------------------------------------------------------------- annual report


def report_due(agency: Agency, year: int) -> dt.date:
    """条例 §49: departments publish by 1-31, governments (their 主管部门) by 3-31 of the next year."""
    return (
        dt.date(year + 1, 3, 31) if agency.kind == Agency.GOVERNMENT else dt.date(year + 1, 1, 31)
    )


def ensure_report(agency: Agency, year: int) -> AnnualReport:
    """The report row and its statutory clock (calendar days from 12-31; a due date on a holiday
    moves to the next working day)."""
    report, created = AnnualReport.objects.get_or_create(
        agency=agency, year=year, defaults={"scope_path": agency.scope_path}
    )
    if created:
        start = dt.date(year, 12, 31)
        clock.start(
            report,
            purpose=REPORT_DUE,
            started_on=start,
            limit=(report_due(agency, year) - start).days,
            unit=Clock.CALENDAR_DAYS,
            jurisdiction_code=agency.jurisdiction.code,
            scope_path=agency.scope_path,
            agency_id=agency.pk,
        )
    return report


REPORT_EDITORS = [Role.DISCLOSURE_OFFICER, Role.OPENNESS_ADMIN]


@transaction.atomic
def save_report(
    agency: Agency, year: int, *, overview: str, problems: str, other_matters: str, by
) -> AnnualReport:
    scopes.require(
        by, agency_id=agency.pk, path=agency.scope_path, roles=REPORT_EDITORS, what="编辑年度报告"
    )
    report = ensure_report(agency, year)
    if report.published_at:
        raise Invalid("年度报告已发布，不能修改", code="report_published")
    before = audit.snapshot(report, ["overview", "problems", "other_matters"])
    report.overview, report.problems, report.other_matters = overview, problems, other_matters
    report.save()
    audit.record(
        "annual_report.save",
        report,
        actor=by,
        before=before,
        after=audit.snapshot(report, ["overview", "problems", "other_matters"]),
    )
    return report


@transaction.atomic
def publish_report(agency: Agency, year: int, *, by) -> AnnualReport:
    """A report whose tables fail a 勾稽 check, or whose text keeps a prompt of the prefilled
    text (“（请填写…）”), cannot be published; the message says which and where."""
    from . import annual

    scopes.require(
        by, agency_id=agency.pk, path=agency.scope_path, roles=REPORT_EDITORS, what="发布年度报告"
    )
    report = ensure_report(agency, year)
    if report.published_at:
        raise Invalid("年度报告已发布", code="report_published")
    if year >= today().year:
        raise Invalid("年度尚未结束，不能发布该年度报告", code="year_not_over")
    data = annual.build(agency, year)
    failures = data["checks"]["failures"]
    if failures:
        raise Invalid(
            "年度报告未通过勾稽校验，不能发布：" + "；".join(failures), code="checks_failed"
        )
    if data["prompts"]:
        raise Invalid(
            "年度报告中尚有待填写的提示文字，请填写后再发布：" + "；".join(data["prompts"]),
            code="prompts_left",
        )
    sections = data["sections"]
    report.overview = report.overview or sections["一、总体情况"]
    report.problems = report.problems or sections["五、存在的主要问题及改进情况"]
    report.other_matters = report.other_matters or sections["六、其他需要报告的事项"]
    report.published_tables = {k: data[k] for k in ("table2", "table3", "table4")}
    report.published_at = timezone.now()
    report.save()
    on = timezone.localdate()
    for c in clock.clocks_of(report).exclude(state=Clock.STOPPED):
        clock.stop(c, on=on)
    audit.record(
        "annual_report.publish", report, actor=by, after={"published_at": report.published_at}
    )
    return report


def get_agency(usci: str) -> Agency:
    agency = (
        Agency.objects.select_related("jurisdiction")
        .filter(usci=(usci or "").strip().upper())
        .first()
    )
    if agency is None:
        raise NotFound("没有该统一社会信用代码对应的机关", code="unknown_agency", field="agency")
    return agency


def get_agency_or_404(usci: str) -> Agency:
    from django.http import Http404

    try:
        return get_agency(usci)
    except NotFound as e:
        raise Http404(e.message) from None
