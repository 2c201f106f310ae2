"""/api/v1/disclosure/requests/: submit (idempotent on the Idempotency-Key header, and on the
older `client_key` field), track by number + query code, every staff action, and the annual
report JSON."""

from __future__ import annotations

import datetime as dt

from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from zhengwu.api.auth import public, token_or_session
from zhengwu.core.errors import Invalid, NotAllowed, NotFound
from zhengwu.core.idempotency import idempotent
from zhengwu.core.middleware import client_ip
from zhengwu.disclosure import files

from . import annual, queries, released, released_archive, rules, services
from .models import Consultation, Remedy, Request
from .released_views import file_response

router = Router(tags=["依申请公开"])
BASE = "/api/v1/disclosure/requests"


class ApplicantIn(Schema):
    agency_usci: str
    applicant_kind: str
    applicant_name: str
    applicant_id_number: str
    applicant_phone: str
    applicant_address: str = ""
    applicant_email: str = ""
    contact_person: str = ""
    subject: str
    description: str = ""
    form: str = "electronic"
    delivery: str = "online"


class SubmitIn(ApplicantIn):
    client_key: str = ""


class RegisterIn(ApplicantIn):
    channel: str
    submitted_on: dt.date | None = None
    signed_for_on: dt.date | None = None
    arrived_on: dt.date | None = None
    confirmed_on: dt.date | None = None


class TrackIn(Schema):
    number: str
    query_code: str


def _released_out(req: Request, item) -> dict:
    out = {
        "id": item.pk,
        "kind": "file" if item.is_file else "document",
        "title": item.title,
        "description": released.describe(item),
    }
    if item.is_file:
        return out | {
            "content_type": item.content_type,
            "size": item.size,
            "pages": item.pages,
            "url": f"{BASE}/{req.number}/released/{item.pk}",
        }
    return out | {
        "document_id": item.document_id,
        "index_no": item.index_no,
        "url": released.document_url(item),
    }


def _remedy_out(m: Remedy) -> dict:
    """A 行政复议/诉讼 as table 四 counts it (the id is what `remedy-decide` takes)."""
    return {
        "id": m.pk,
        "kind": m.kind,
        "kind_label": m.get_kind_display(),
        "filed_on": m.filed_on.isoformat(),
        "result": m.result,
        "result_label": m.get_result_display(),
        "decided_on": m.decided_on.isoformat() if m.decided_on else None,
        "note": m.note,
        "version": m.version,
    }


def _consultation_out(c: Consultation) -> dict:
    """A 征求意见 (the id and version are what `reply` takes)."""
    return {
        "id": c.pk,
        "kind": c.kind,
        "party_name": c.party_name,
        "sent_on": c.sent_on.isoformat(),
        "reply": c.reply or None,
        "replied_on": c.replied_on.isoformat() if c.replied_on else None,
        "version": c.version,
    }


def _out(req: Request, *, personal: bool, owner: bool = False) -> dict:
    """`personal`: the handler's view, in full; `owner`: the applicant's own, with the ID and
    phone masked as on their page; neither: the public view, masked. The handler sees the
    released information as it is being prepared; the applicant once the answer is issued."""
    # queries.with_due_dates annotates both on the query: no query per row
    if hasattr(req, "due_date") and hasattr(req, "clock_state"):
        due, state = req.due_date, req.clock_state
    else:
        main = services.answer_clock(req)
        due, state = (main.due_date, main.state) if main else (None, None)
    return {
        "number": req.number,
        "agency": {"usci": req.agency.usci, "name": req.agency.name},
        "channel": req.channel,
        "received_on": req.received_on.isoformat(),
        "receipt_basis": req.receipt_basis,
        "applicant_kind": rules.APPLICANT_LABELS[req.applicant_kind],
        "applicant_name": req.applicant_name if personal or owner else req.masked_name,
        "applicant_id": req.applicant_id_number if personal else req.masked_id,
        "applicant_phone": req.applicant_phone if personal else req.masked_phone,
        "subject": req.subject if personal or owner else req.masked_subject,
        "status": req.status,
        "status_label": req.get_status_display(),
        "due_date": due.isoformat() if due and req.is_open else None,
        "clock_state": state,
        "extended_days": req.extended_days,
        "outcome": req.outcome or None,
        "outcome_row": req.outcome_row or None,
        "answered_on": req.answered_on.isoformat() if req.answered_on else None,
        "fee_yuan": str(req.fee_yuan),
    } | (
        {
            "released": [_released_out(req, item) for item in req.released_items.all()],
            "provided_otherwise": req.provided_otherwise,
        }
        | (
            {
                "version": req.version,  # send it back with an action: a stale one is a 409
                "remedies": [_remedy_out(m) for m in req.remedies.all()],
                "consultations": [_consultation_out(c) for c in req.consultations.all()],
            }
            if personal
            else {}
        )
        if personal or (owner and released.downloadable(req))
        else {}
    )


def _applicant(payload: ApplicantIn) -> dict:
    return payload.dict(
        exclude={
            "agency_usci",
            "client_key",
            "channel",
            "submitted_on",
            "signed_for_on",
            "arrived_on",
            "confirmed_on",
        }
    )


@router.post("/submit", auth=public, response={201: dict, 200: dict})
@idempotent
def submit(request, payload: SubmitIn):
    """网上申请. Send the same `client_key` again and you get the first submission back (200)."""
    agency = services.get_agency(payload.agency_usci)
    req, code = services.submit_online(
        agency, _applicant(payload), by=request.user, client_key=payload.client_key
    )
    body = _out(req, personal=False) | ({"query_code": code} if code else {})
    return Status(201 if code else 200, body)


@router.post("/track", auth=public)
def track(request, payload: TrackIn):
    """Status by 申请编号 + 查询码; personal data masked."""
    req = queries.track(payload.number, payload.query_code, ip=client_ip(request))
    return _out(req, personal=False)


@router.get("/", auth=token_or_session)
def list_requests(request, status: str = "open", limit: int = 50, offset: int = 0):
    """Requests in the caller's scope: `status=open` (待办 by due date), `done`, or `all`."""
    if status == "open":
        qs = queries.todo(request.user)
    elif status == "done":
        qs = queries.with_due_dates(queries.done(request.user))
    elif status == "all":
        qs = queries.with_due_dates(queries.visible_to(request.user))
    else:
        raise Invalid("status 应为 open、done 或 all", code="bad_status", field="status")
    limit = max(1, min(limit, 200))
    rows = list(
        qs.prefetch_related("released_items", "remedies", "consultations")[offset : offset + limit]
    )
    return {
        "count": qs.count(),
        "results": [_out(r, personal=queries.sees_personal_data(request.user, r)) for r in rows],
    }


@router.post("/register", auth=token_or_session, response={201: dict})
@idempotent
def register(request, payload: RegisterIn):
    """Staff register a request received by letter, post, fax or in person."""
    agency = services.get_agency(payload.agency_usci)
    req, code = services.register(
        agency,
        _applicant(payload),
        channel=payload.channel,
        by=request.user,
        submitted_on=payload.submitted_on,
        signed_for_on=payload.signed_for_on,
        arrived_on=payload.arrived_on,
        confirmed_on=payload.confirmed_on,
    )
    return Status(201, _out(req, personal=True) | {"query_code": code})


@router.get("/annual-report", auth=public)
def annual_report(request, agency: str, year: int):
    """The annual report as JSON: table2/table3/table4 as {row path: {column: value}}."""
    a = services.get_agency(agency)
    if not 2008 <= year <= services.today().year:
        raise Invalid("年度不正确", code="bad_year", field="year")
    data = annual.build(a, year)
    if not data["published_at"] and not queries.can_edit_report(request.user, a):
        raise NotFound("该年度报告尚未发布", code="report_not_published")
    return data


class ReportIn(Schema):
    agency: str
    year: int
    overview: str = ""
    problems: str = ""
    other_matters: str = ""
    # Table 二's 行政处罚 and 行政强制 (本年处理决定数量), which the platform does not hold:
    # a whole number; left out or null keeps the figure already given.
    penalty_decisions: int | None = None
    enforcement_decisions: int | None = None


class PublishIn(Schema):
    agency: str
    year: int


def _report_agency(usci: str, year: int):
    if not 2008 <= year <= services.today().year:
        raise Invalid("年度不正确", code="bad_year", field="year")
    return services.get_agency(usci)


@router.post("/annual-report", auth=token_or_session)
def save_annual_report(request, payload: ReportIn):
    """Staff: save sections 一, 五 and 六 of a report not yet published; answers the report."""
    a = _report_agency(payload.agency, payload.year)
    services.save_report(
        a,
        payload.year,
        overview=payload.overview,
        problems=payload.problems,
        other_matters=payload.other_matters,
        by=request.user,
        penalty_decisions=payload.penalty_decisions,
        enforcement_decisions=payload.enforcement_decisions,
    )
    return annual.build(a, payload.year)


@router.post("/annual-report/publish", auth=token_or_session)
@idempotent
def publish_annual_report(request, payload: PublishIn):
    """Staff: publish; refused (422) while a 勾稽 check fails (`checks_failed`) or a prompt of
    the prefilled text is left (`prompts_left`, the message says where)."""
    a = _report_agency(payload.agency, payload.year)
    services.publish_report(a, payload.year, by=request.user)
    return annual.build(a, payload.year)


def _own_or_handled(request, number: str) -> tuple[Request, bool]:
    """The caller's own request (True), or one they handle (False); anyone else 404/403."""
    own = queries.mine(request.user).filter(number=number).first()
    if own is not None:
        return own, True
    req = queries.get_visible(request.user, number)
    if not queries.sees_personal_data(request.user, req):
        raise NotAllowed("您无权下载随答复提供的文件")
    return req, False


@router.post("/{number}/released", auth=token_or_session, response={201: dict})
@idempotent
def attach_released(
    request,
    number: str,
    # Optional, not nullable: ninja documents the annotation as written and `| None` would add
    # null to the OpenAPI schema, so the None defaults are told to mypy instead.
    file: File[UploadedFile] = None,  # type: ignore[assignment]
    document_id: Form[int] = None,  # type: ignore[assignment]
    title: Form[str] = "",
):
    """Staff: attach the information released with the answer, before it is issued — a `file`
    (multipart: PDF, OFD, DOCX, XLSX or an image) with an optional `title`, or the `document_id`
    of a document already published."""
    req = queries.get_visible(request.user, number)
    if file is not None:
        data = files.read_upload(file, what="文件")
        item = released.attach_file(
            req, name=file.name or "", data=data, title=title, by=request.user
        )
    elif document_id is not None:
        item = released.link_document(req, document_id=document_id, by=request.user)
    else:
        raise Invalid("请上传文件或选择已主动公开的文件", code="file_required", field="file")
    return Status(201, _released_out(req, item))


class ArchiveRecordIn(Schema):
    record: int


@router.post("/{number}/released/archive", auth=token_or_session, response={201: dict})
@idempotent
def attach_archive_record(request, number: str, payload: ArchiveRecordIn):
    """Staff: attach a record of the body's 公文库 (主动公开 or 依申请公开, never a secret or a
    不予公开 one): its published document as a link, else its files copied."""
    req = queries.get_visible(request.user, number)
    items = released_archive.attach_record(req, record_id=payload.record, by=request.user)
    return Status(201, {"released": [_released_out(req, item) for item in items]})


@router.delete("/{number}/released/{item_id}", auth=token_or_session)
def remove_released(request, number: str, item_id: int):
    """Staff: take an item off before the answer is issued."""
    req = queries.get_visible(request.user, number)
    released.remove(req, item_id, by=request.user)
    return _out(req, personal=True)


@router.get("/{number}/released/{item_id}", auth=token_or_session)
def released_file(request, number: str, item_id: int):
    """Download a released file: the applicant once the answer is issued; the handlers."""
    req, own = _own_or_handled(request, number)
    if own and not released.downloadable(req):
        raise NotFound("该申请尚未答复或没有随答复提供的文件", code="nothing_released")
    return file_response(released.get_file(req, item_id))


@router.get("/{number}", auth=token_or_session)
def detail(request, number: str):
    """A request in the caller's scope, or the caller's own (the account that submitted it)."""
    own = queries.mine(request.user).filter(number=number).first()
    if own is not None:
        return _out(own, personal=False, owner=True)
    req = queries.get_visible(request.user, number)
    return _out(req, personal=queries.sees_personal_data(request.user, req))


class SuggestIn(Schema):
    reason: str = Field(..., description="建议理由")


@router.post("/{number}/suggest", auth=token_or_session, response={201: dict})
@idempotent
def suggest(request, number: str, payload: SuggestIn):
    """The applicant, once answered: suggest publishing the information proactively (条例
    §44); once per request. Answers the request as its owner reads it."""
    req = queries.mine(request.user).filter(number=number).first()
    if req is None:
        raise NotFound("未找到该申请", code="not_found")
    services.proposals.suggest(req, reason=payload.reason, by=request.user)
    return Status(201, _out(req, personal=False, owner=True) | {"suggested": True})


class ActionIn(Schema):
    """Fields used by each action (others are ignored)."""

    on: dt.date | None = None
    what: str = ""
    period_workdays: int | None = None
    text: str = ""
    days: int | None = None
    reason: str = ""
    kind: str = ""
    party_name: str = ""
    consultation_id: int | None = None
    reply: str = ""
    note: str = ""
    method: str = ""
    pages: int | None = None
    outcome: str = ""
    provided_otherwise: str = ""
    filed_on: dt.date | None = None
    result: str = Remedy.PENDING
    decided_on: dt.date | None = None
    remedy_id: int | None = None
    version: int | None = Field(
        None,
        description="读取时的版本号（reply 为该征求意见的，remedy-decide 为该复议诉讼的）；"
        "已被他人处理时返回 409",
    )


ACTIONS = (
    "review, handle, clarify, clarified, extend, consult, reply, fee, paid, unpaid, abandon,"
    " answer, archive, remedy, remedy-decide"
)


@router.post("/{number}/{action}", auth=token_or_session)
@idempotent
def act(request, number: str, action: str, payload: ActionIn):
    """One staff action of 条例 §45 (see ACTIONS)."""
    req = queries.get_visible(request.user, number)
    by, p = request.user, payload
    v = p.version
    if action == "review":
        services.review(req, by=by, version=v)
    elif action == "handle":
        services.handle(req, by=by, version=v)
    elif action == "clarify":
        services.notify_clarification(
            req, what=p.what, period_workdays=p.period_workdays, on=p.on, by=by, version=v
        )
    elif action == "clarified":
        services.receive_clarification(req, on=p.on, text=p.text, by=by, version=v)
    elif action == "extend":
        services.extend(req, days=p.days, reason=p.reason, by=by, version=v)
    elif action == "consult":
        services.consult(req, kind=p.kind, party_name=p.party_name, sent_on=p.on, by=by, version=v)
    elif action == "reply":
        c = req.consultations.filter(pk=p.consultation_id or 0).first()
        if c is None:
            raise NotFound("未找到该征求意见", field="consultation_id")
        services.record_reply(c, reply=p.reply, on=p.on, note=p.note, by=by, version=v)
    elif action == "fee":
        services.notify_fee(req, method=p.method, pages=p.pages, on=p.on, by=by, version=v)
    elif action == "paid":
        services.record_payment(req, on=p.on, by=by, version=v)
    elif action == "unpaid":
        services.end_unpaid(req, on=p.on, by=by, version=v)
    elif action == "abandon":
        services.abandon_unclarified(req, on=p.on, by=by, version=v)
    elif action == "answer":
        services.answer(
            req,
            outcome=p.outcome,
            reason=p.reason,
            on=p.on,
            provided_otherwise=p.provided_otherwise,
            by=by,
            version=v,
        )
    elif action == "archive":
        services.archive(req, by=by, version=v)
    elif action == "remedy":
        services.record_remedy(
            req,
            kind=p.kind,
            filed_on=p.filed_on,
            result=p.result,
            decided_on=p.decided_on,
            note=p.note,
            by=by,
        )
    elif action == "remedy-decide":
        remedy = services.remedy_of(req, p.remedy_id)
        services.decide_remedy(remedy, result=p.result, decided_on=p.decided_on, by=by, version=v)
    else:
        raise NotFound(f"没有这个操作：{action}（可用：{ACTIONS}）", code="bad_action")
    req.refresh_from_db()
    return _out(req, personal=True)
