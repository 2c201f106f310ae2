"""Pages: the public application form and tracking, the applicant's own list, the staff
workbench (待办 by due date, every action of §45), and the annual report."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengwu.core import audit, limits
from zhengwu.core import clock as core_clock
from zhengwu.core import trail as core_trail
from zhengwu.core.errors import Conflict, Invalid, NotAllowed, NotFound, ServiceError
from zhengwu.core.idempotency import idempotent
from zhengwu.core.middleware import client_ip
from zhengwu.core.params import whole_number
from zhengwu.core.words import chinese_date
from zhengwu.org import permissions, scopes
from zhengwu.org import queries as org_queries
from zhengwu.org.models import Agency, User
from zhengwu.portal.views import site_of, site_prefix

from . import queries, released, released_archive, rules, services
from . import render as outputs
from .done import DONE, due_text
from .models import Consultation, Remedy, Request
from .permissions import HANDLERS
from .released_views import act
from .services import proposals
from .view_helpers import mine_get, staff_only, track_page

APPLICANT_FIELDS = [
    "applicant_kind",
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_address",
    "applicant_email",
    "contact_person",
    "subject",
    "description",
    "form",
    "delivery",
]


def _choices():
    return {
        "applicant_kinds": rules.APPLICANT_KINDS,
        "forms": Request.FORMS,
        "deliveries": Request.DELIVERIES,
        "channels": [c for c in rules.REGISTERED_CHANNELS if c[0] != rules.ONLINE],
    }


def _date(value: str, field: str, *, required: bool = False) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise Invalid("请填写日期（YYYY-MM-DD）", code="date_required", field=field)
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Invalid(
            f"日期格式不正确：{value}，应为YYYY-MM-DD", code="bad_date", field=field
        ) from None


def _agency_or_error(usci: str) -> Agency:
    if not (usci or "").strip():
        raise Invalid("请选择受理申请的机关", code="agency_required", field="agency")
    return services.get_agency(usci)


# ---------------------------------------------------------------- public


@idempotent
def apply(request, code=None):
    """xxgk/apply/: the online application form (条例 §29); `?agency=<usci>` preselects."""
    j = site_of(code)
    agencies = org_queries.agencies(j, subtree=True).order_by("scope_path", "kind", "name")
    data = (
        {k: request.POST.get(k, "") for k in APPLICANT_FIELDS} if request.method == "POST" else {}
    )
    if (
        request.user.is_authenticated
        and request.method != "POST"
        and request.user.kind != User.STAFF
    ):
        u = request.user
        data = {
            "applicant_kind": rules.NATURAL if u.kind == User.CITIZEN else rules.BUSINESS,
            "applicant_name": u.real_name,
            "applicant_id_number": u.id_number or u.usci,
            "applicant_phone": u.phone,
        }
    selected = request.POST.get("agency") or request.GET.get("agency", "")
    error, status = None, 200
    if request.method == "POST":
        try:
            agency = _agency_or_error(selected)
            req, query_code = services.submit_online(agency, data, by=request.user)
            main = services.answer_clock(req)
            due = f"，将在{chinese_date(main.due_date)}前答复" if main and main.due_date else ""
            if due:  # the period and the article it rests on (core.limits)
                due += f"（{limits.cite('disclosure.answer', agency.jurisdiction.code)}）"
            messages.success(
                request,
                f"{req.agency.name}已收到您的政府信息公开申请，收到日期为"
                f"{chinese_date(req.received_on)}（{req.receipt_basis}）{due}。",
            )
            return render(
                request,
                "disclosure_requests/submitted.html",
                {
                    "req": req,
                    "query_code": query_code,
                    "prefix": site_prefix(j),
                    "site_jurisdiction": j,
                },
                status=201,
            )
        except ServiceError as e:
            error, status = e, e.status
    return render(
        request,
        "disclosure_requests/apply.html",
        {
            "agencies": agencies,
            "selected": selected,
            "data": data,
            "error": error,
            "prefix": site_prefix(j),
            "site_jurisdiction": j,
            "answer_limit": limits.get("disclosure.answer", j.code),
        }
        | _choices(),
        status=status,
    )


def _clock_facts(req: Request) -> dict:
    main = services.answer_clock(req)
    return {
        "due_date": main.due_date if main else None,
        "clock_state": main.get_state_display() if main else "",
        "answer_basis": limits.cite("disclosure.answer", main.jurisdiction_code if main else ""),
        "clocks": list(core_clock.clocks_of(req).order_by("id")),
    }


def track(request, code=None):
    """xxgk/apply/track/: status by 申请编号 + 查询码, no login; personal data masked."""
    j = site_of(code)
    ctx = {"prefix": site_prefix(j), "site_jurisdiction": j, "number": "", "error": None}
    status = 200
    if request.method == "POST":
        ctx["number"] = request.POST.get("number", "").strip()
        code_ = request.POST.get("query_code", "")
        try:
            req = queries.track(ctx["number"], code_, ip=client_ip(request))
            ctx |= {"req": req, "query_code": code_} | _clock_facts(req) | _released(req)
        except ServiceError as e:
            ctx["error"], status = e, e.status
    return track_page(request, ctx, status)


def _released(req: Request) -> dict:
    """What the applicant is given with the answer, once it is issued."""
    if not released.downloadable(req):
        return {}
    return {"released_rows": released.page_rows(req)}


def _letter_response(req: Request, fmt: str) -> HttpResponse:
    if req.outcome_info is None:
        raise NotFound("该申请尚未答复，没有答复书", code="not_answered")
    if fmt == "docx":
        body = outputs.letter_docx(req)
        ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif fmt == "pdf":
        body, ctype = outputs.letter_pdf(req), "application/pdf"
    else:
        raise NotFound("不支持的格式", code="bad_format")
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{req.number}-dafushu.{fmt}"'
    return response


@require_POST
def track_letter(request, code=None):
    try:
        req = queries.track(
            request.POST.get("number", ""),
            request.POST.get("query_code", ""),
            ip=client_ip(request),
        )
        return _letter_response(req, request.POST.get("fmt", "pdf"))
    except ServiceError as e:
        j = site_of(code)
        ctx = {"prefix": site_prefix(j), "site_jurisdiction": j, "error": e, "number": ""}
        return track_page(request, ctx, e.status)


# ---------------------------------------------------------------- the applicant's own


@login_required
def mine(request):
    rows = queries.mine(request.user).order_by("-received_on", "-id")
    return render(request, "disclosure_requests/mine.html", {"rows": rows})


@login_required
def mine_detail(request, number):
    req = mine_get(request, number)
    return render(request, "disclosure_requests/mine_detail.html", mine_context(req))


def mine_context(req: Request) -> dict:
    """The applicant's own request page, with the §44 suggestion once it is answered."""
    suggested = req.status in proposals.ANSWERED and proposals.suggested(req)
    return (
        {
            "req": req,
            "can_suggest": req.status in proposals.ANSWERED and not suggested,
            "suggested": suggested,
        }
        | _clock_facts(req)
        | _released(req)
    )


@login_required
def mine_letter(request, number, fmt):
    req = mine_get(request, number)
    try:
        return _letter_response(req, fmt)
    except ServiceError as e:
        raise Http404(e.message) from None


# ---------------------------------------------------------------- workbench


@staff_only
def wb_list(request):
    """/workbench/requests/: 待办 by due date; ?status=warning, ?done=1."""
    today = services.today()
    if request.GET.get("done"):
        rows, title = queries.with_due_dates(queries.done(request.user)), "已办"
    else:
        rows, title = queries.todo(request.user), "待办"
        if request.GET.get("status") == "warning":
            rows, title = rows.filter(warn_on__lte=today, clock_state="running"), "预警"
    rows = list(rows[:200])
    for r in rows:
        r.show_personal = queries.sees_personal_data(request.user, r)
        r.clock_status = (
            "overdue"
            if r.due_date and r.clock_state == "running" and today > r.due_date
            else "warning"
            if r.warn_on and r.clock_state == "running" and today >= r.warn_on
            else "normal"
        )
    can_register = bool(scopes.assignments(request.user, HANDLERS)) or request.user.is_superuser
    return render(
        request,
        "disclosure_requests/wb_list.html",
        {"rows": rows, "title": title, "can_register": can_register},
    )


@staff_only
@idempotent
def wb_new(request):
    """Register a request received by letter, post, fax or in person (条例 §31 receipt date)."""
    agencies = queries.agencies_for(request.user, HANDLERS).order_by("scope_path", "name")
    data = (
        {k: request.POST.get(k, "") for k in APPLICANT_FIELDS} if request.method == "POST" else {}
    )
    dates = {
        k: request.POST.get(k, "")
        for k in ("submitted_on", "signed_for_on", "arrived_on", "confirmed_on")
    }
    error, status = None, 200
    if request.method == "POST":
        try:
            agency = _agency_or_error(request.POST.get("agency", ""))
            req, query_code = services.register(
                agency,
                data,
                channel=request.POST.get("channel", ""),
                by=request.user,
                **{k: _date(v, k) for k, v in dates.items()},
            )
            messages.success(
                request,
                f"已登记申请 {req.number}，查询码 {query_code}（请告知申请人，仅显示一次）。"
                + due_text(req),
            )
            return redirect(f"/workbench/requests/{req.number}/")
        except ServiceError as e:
            error, status = e, e.status
    return render(
        request,
        "disclosure_requests/wb_new.html",
        {
            "agencies": agencies,
            "data": data,
            "dates": dates,
            "error": error,
            "selected": request.POST.get("agency", ""),
            "channel": request.POST.get("channel", ""),
        }
        | _choices(),
        status=status,
    )


def _wb_context(request, req: Request) -> dict:
    handler = queries.sees_personal_data(request.user, req)
    doc_q = request.GET.get("doc_q", "").strip() if handler and req.is_open else ""
    archive_q = request.GET.get("archive_q", "").strip() if handler and req.is_open else ""
    consultations, remedies = list(req.consultations.all()), list(req.remedies.all())
    return {
        "req": req,
        "show_personal": handler,
        "can_act": handler,
        "can_extend": permissions.allows(
            request.user,
            "disclosure_request.extend",
            agency_id=req.agency_id,
            path=req.scope_path,
        ),
        "answer_choices": rules.ANSWER_CHOICES,
        "consultation_kinds": Consultation.KINDS,
        "replies": Consultation.REPLIES,
        "remedy_kinds": Remedy.KINDS,
        "remedy_results": Remedy.RESULTS,
        "remedy_outcomes": [(v, label) for v, label in Remedy.RESULTS if v != Remedy.PENDING],
        "fee_methods": rules.FEE_METHODS,
        "consultations": consultations,
        "released_rows": released.page_rows(req) if handler else [],
        "doc_q": doc_q,
        "doc_results": released.search_linkable(req, doc_q),
        "archive_q": archive_q,
        "archive_results": released_archive.search(req, archive_q),
        "remedies": remedies,
        "proposal": queries.proposal_of(req),
        "trail": core_trail.lines(
            audit.trail(
                "disclosure_requests.request",
                str(req.pk),
                parts={
                    "disclosure_requests.consultation": [c.pk for c in consultations],
                    "disclosure_requests.remedy": [r.pk for r in remedies],
                },
            )[:50]
        ),
    } | _clock_facts(req)


@staff_only
def wb_detail(request, number):
    req = queries.get_visible(request.user, number)
    return render(request, "disclosure_requests/wb_detail.html", _wb_context(request, req))


def _run_action(request, req: Request, action: str):
    p, by = request.POST, request.user
    v = p.get("version")  # the version the page showed: a stale one is a 409
    if action == "review":
        return services.review(req, by=by, version=v)
    if action == "handle":
        return services.handle(req, by=by, version=v)
    if action == "clarify":
        period = p.get("period_workdays") or None
        return services.notify_clarification(
            req,
            what=p.get("what", ""),
            period_workdays=int(period) if period and period.isdigit() else None,
            on=_date(p.get("on", ""), "on"),
            by=by,
            version=v,
        )
    if action == "clarified":
        return services.receive_clarification(
            req, on=_date(p.get("on", ""), "on"), text=p.get("text", ""), by=by, version=v
        )
    if action == "extend":
        return services.extend(
            req, days=p.get("days", ""), reason=p.get("reason", ""), by=by, version=v
        )
    if action == "consult":
        return services.consult(
            req,
            kind=p.get("kind", ""),
            party_name=p.get("party_name", ""),
            sent_on=_date(p.get("sent_on", ""), "sent_on"),
            by=by,
            version=v,
        )
    if action == "reply":
        c = req.consultations.filter(pk=whole_number(p.get("consultation")) or 0).first()
        if c is None:
            raise NotFound("未找到该征求意见")
        return services.record_reply(
            c,
            reply=p.get("reply", ""),
            on=_date(p.get("on", ""), "on"),
            note=p.get("note", ""),
            by=by,
            version=v,
        )
    if action == "fee":
        pages = p.get("pages", "").strip()
        if pages and not pages.isdigit():
            raise Invalid("页数应为整数", code="bad_pages", field="pages")
        return services.notify_fee(
            req,
            method=p.get("method", ""),
            pages=int(pages) if pages else None,
            on=_date(p.get("on", ""), "on"),
            by=by,
            version=v,
        )
    if action == "paid":
        return services.record_payment(req, on=_date(p.get("on", ""), "on"), by=by, version=v)
    if action == "unpaid":
        return services.end_unpaid(req, by=by, version=v)
    if action == "abandon":
        return services.abandon_unclarified(req, by=by, version=v)
    if action == "answer":
        return services.answer(
            req,
            outcome=p.get("outcome", ""),
            reason=p.get("reason", ""),
            on=_date(p.get("on", ""), "on"),
            provided_otherwise=p.get("provided_otherwise", ""),
            by=by,
            version=v,
        )
    if action.startswith("released-"):
        return act(request, req, action)
    if action == "archive":
        return services.archive(req, by=by, version=v)
    if action == "remedy":
        return services.record_remedy(
            req,
            kind=p.get("kind", ""),
            filed_on=_date(p.get("filed_on", ""), "filed_on", required=True),
            result=p.get("result", Remedy.PENDING),
            decided_on=_date(p.get("decided_on", ""), "decided_on"),
            note=p.get("note", ""),
            by=by,
        )
    if action == "remedy-decide":
        return services.decide_remedy(
            services.remedy_of(req, p.get("remedy")),
            result=p.get("result", ""),
            decided_on=_date(p.get("decided_on", ""), "decided_on", required=True),
            by=by,
            version=v,
        )
    raise NotFound("没有这个操作", code="bad_action")


@staff_only
@require_POST
@idempotent
def wb_action(request, number, action):
    req = queries.get_visible(request.user, number)
    try:
        _run_action(request, req, action)
    except (Invalid, NotAllowed, Conflict) as e:
        req.refresh_from_db()
        ctx = _wb_context(request, req) | {"error": e, "action": action, "posted": request.POST}
        return render(request, "disclosure_requests/wb_detail.html", ctx, status=e.status)
    req.refresh_from_db()
    messages.success(request, DONE[action](req))
    return redirect(f"/workbench/requests/{req.number}/")


@staff_only
def wb_letter(request, number, fmt):
    req = queries.get_visible(request.user, number)
    if not queries.sees_personal_data(request.user, req):
        raise NotAllowed("您无权下载答复书")
    return _letter_response(req, fmt)
