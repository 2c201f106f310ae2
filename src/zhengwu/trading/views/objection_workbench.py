"""The workbench pages of 异议/质疑 (the body's officers: to answer, the nearest due date first)
and 投诉 (the 行政监督部门's officers: to accept or refuse, then to decide). Each form carries
the record's version; out of scope is 404; a refused action re-renders the page with the reason
(4xx) and what was typed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengwu.core import masking
from zhengwu.core.calendar import chinese_date
from zhengwu.core.errors import NotFound, ServiceError
from zhengwu.org import permissions
from zhengwu.org.models import User

from .. import objection_queries as oq
from .. import services
from ..models import (
    COMPLAINT_ACCEPTED,
    COMPLAINT_DECIDED,
    COMPLAINT_REFUSED,
    OBJECTION_ANSWERED,
    Complaint,
    Objection,
)


def _staff(request) -> User:
    user = request.user
    if user.kind != User.STAFF and not user.is_superuser:
        raise PermissionDenied
    return user


def _objection(user, pk) -> Objection:
    try:
        return oq.objection(user, pk)
    except NotFound:
        raise Http404("该异议（质疑）不存在") from None


def _complaint(user, pk) -> Complaint:
    try:
        return oq.complaint(user, pk)
    except NotFound:
        raise Http404("该投诉不存在") from None


@login_required
def objections(request):
    user = _staff(request)
    open_ = [(o, services.answer_due(o)) for o in oq.to_answer(user)[:200]]
    open_.sort(key=lambda pair: (pair[1], pair[0].pk))
    answered = oq.objections_visible_to(user).filter(state=Objection.ANSWERED)[:50]
    return render(
        request,
        "trading/objections/wb_objections.html",
        {"open": open_, "answered": answered},
    )


def _objection_page(request, o: Objection, *, error=None, data=None, status=200):
    may = o.state == Objection.FILED and permissions.allows(
        request.user, OBJECTION_ANSWERED, agency_id=o.agency_id, path=o.scope_path
    )
    answering = permissions.allows(
        request.user, OBJECTION_ANSWERED, agency_id=o.agency_id, path=o.scope_path
    )
    return render(
        request,
        "trading/objections/wb_objection.html",
        {
            "o": o,
            "due": services.answer_due(o),
            "may_answer": may,
            "contact": o.contact if answering else masking.mask_name(o.contact),
            "phone": o.phone if answering else masking.mask_phone(o.phone),
            "error": error,
            "data": data or {},
        },
        status=status,
    )


@login_required
def objection_page(request, pk):
    user = _staff(request)
    return _objection_page(request, _objection(user, pk))


@login_required
@require_POST
def objection_answer(request, pk):
    user = _staff(request)
    o = _objection(user, pk)
    data = {"answer": request.POST.get("answer", "")}
    try:
        o = services.answer_objection(o, data, user, request.POST.get("version"))
    except ServiceError as e:
        return _objection_page(request, _objection(user, pk), error=e, data=data, status=e.status)
    o.project.refresh_from_db()
    tail = "项目仍暂停，待其他异议（质疑）答复后解除" if o.project.suspended else (
        "项目暂停已解除，可继续下一环节")  # fmt: skip
    late = "（超过答复期限）" if o.late else ""
    messages.success(request, f"已答复{late}，{tail}；提出人可在其“我的交易异议”中查看答复。")
    return redirect(f"/workbench/trading/objections/{o.pk}/")


@login_required
def complaints(request):
    user = _staff(request)
    rows = []
    for c in oq.to_decide(user)[:200]:
        due = services.acceptance_due(c) if c.state == Complaint.FILED else services.decision_due(c)
        rows.append((c, due))
    rows.sort(key=lambda pair: (pair[1], pair[0].pk))
    done = oq.complaints_visible_to(user).filter(state__in=[Complaint.REFUSED, Complaint.DECIDED])[
        :50
    ]
    return render(request, "trading/objections/wb_complaints.html", {"open": rows, "done": done})


def _complaint_page(request, c: Complaint, *, error=None, data=None, status=200):
    def allowed(action):
        return permissions.allows(
            request.user, action, agency_id=c.supervisor_id, path=c.scope_path
        )

    return render(
        request,
        "trading/objections/wb_complaint.html",
        {
            "c": c,
            "acceptance_due": services.acceptance_due(c),
            "decision_due": services.decision_due(c),
            "may_accept": c.state == Complaint.FILED and allowed(COMPLAINT_ACCEPTED),
            "may_refuse": c.state == Complaint.FILED and allowed(COMPLAINT_REFUSED),
            "may_decide": c.state == Complaint.ACCEPTED and allowed(COMPLAINT_DECIDED),
            "phone": c.phone if allowed(COMPLAINT_ACCEPTED) else masking.mask_phone(c.phone),
            "error": error,
            "data": data or {},
        },
        status=status,
    )


@login_required
def complaint_page(request, pk):
    user = _staff(request)
    return _complaint_page(request, _complaint(user, pk))


def _act(request, pk, act, data: dict, done):
    user = _staff(request)
    c = _complaint(user, pk)
    try:
        c = act(c, user, request.POST.get("version"))
    except ServiceError as e:
        return _complaint_page(request, _complaint(user, pk), error=e, data=data, status=e.status)
    messages.success(request, done(c))
    return redirect(f"/workbench/trading/complaints/{c.pk}/")


@login_required
@require_POST
def complaint_accept(request, pk):
    return _act(
        request,
        pk,
        services.accept_complaint,
        {},
        lambda c: f"已受理，应于{chinese_date(services.decision_due(c))}前作出处理决定。",
    )


@login_required
@require_POST
def complaint_refuse(request, pk):
    reason = request.POST.get("reason", "")
    return _act(
        request,
        pk,
        lambda c, user, version: services.refuse_complaint(c, reason, user, version),
        {"reason": reason},
        lambda c: "已决定不予受理，投诉人将收到不予受理的理由。",
    )


@login_required
@require_POST
def complaint_decide(request, pk):
    decision, basis = request.POST.get("decision", ""), request.POST.get("basis", "")
    return _act(
        request,
        pk,
        lambda c, user, version: services.decide_complaint(c, decision, basis, user, version),
        {"decision": decision, "basis": basis},
        lambda c: (
            "已作出处理决定，投诉人将收到通知"
            + ("，处理决定将在项目公告页公开。" if c.project.kind == "procurement" else "。")
        ),
    )
