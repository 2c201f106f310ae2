"""The enterprise's pages of 异议/质疑 and 投诉: the filing form on a notice (with its window and
article), its own list (/ggzy/wode/), each filing with its answer, and the 投诉 form. Only a
法人 account files; anyone else is told in Chinese to register or log in as one (403). A refused
filing re-renders the form with the reason (4xx) and what was typed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from zhengwu.core import masking
from zhengwu.core.calendar import chinese_date
from zhengwu.core.errors import NotFound, ServiceError
from zhengwu.core.idempotency import idempotent
from zhengwu.org.models import User

from .. import objection_queries as oq
from .. import services
from ..models import Notice, Objection
from ..services import objections as svc

OBJECTION_FORM = ("subject", "content", "contact", "phone")
COMPLAINT_FORM = ("content", "reason", "phone")


def _not_enterprise(request):
    return render(
        request,
        "portal/error.html",
        {
            "title": "请以法人账户提交",
            "text": "异议（质疑）和投诉须由投标人、供应商等法人在线提出。请退出当前账户，"
            "以统一社会信用代码注册法人账户或登录后提交。",
        },
        status=403,
    )


def _notice(notice_id: int) -> Notice:
    found = (
        Notice.objects.filter(pk=notice_id, state=Notice.PUBLISHED)
        .select_related("project__jurisdiction", "project__owner")
        .first()
    )
    if found is None:
        raise Http404("该公告不存在或已撤回")
    return found


@login_required
@idempotent
def new_objection(request, notice_id, code=None):
    notice = _notice(notice_id)
    if request.user.kind != User.ENTERPRISE:
        return _not_enterprise(request)
    project = notice.project
    data = {k: request.POST.get(k, "") for k in OBJECTION_FORM} if request.method == "POST" else {}
    error, status = None, 200
    if request.method == "POST":
        try:
            o = services.file_objection(notice, data, request.user)
        except ServiceError as e:
            error, status = e, e.status
        else:
            due = chinese_date(services.answer_due(o))
            stop = "项目已依法暂停，" if o.project.suspended else ""
            messages.success(
                request,
                f"{o.get_kind_display()}已提交，{stop}{project.owner.name}应于{due}前答复，"
                "答复后您可在本页查看。",
            )
            return redirect(f"/ggzy/wode/yy/{o.pk}/")
    return render(
        request,
        "trading/objections/new.html",
        {
            "notice": notice,
            "project": project,
            "word": svc.word(project),
            "window": svc.window(notice),
            "data": data or {"phone": request.user.phone, "contact": ""},
            "error": error,
        },
        status=status,
    )


@login_required
def mine(request, code=None):
    return render(
        request,
        "trading/objections/mine.html",
        {
            "objections": oq.own_objections(request.user)[:100],
            "complaints": oq.own_complaints(request.user)[:100],
            "enterprise": request.user.kind == User.ENTERPRISE,
        },
    )


def _own(request, pk) -> Objection:
    try:
        return oq.own_objection(request.user, pk)
    except NotFound:
        raise Http404("该异议（质疑）不存在") from None


def _objection_page(request, o: Objection, *, data=None, error=None, status=200):
    window = svc.complaint_window(o)
    return render(
        request,
        "trading/objections/my_objection.html",
        {
            "o": o,
            "due": services.answer_due(o),
            "contact": masking.mask_name(o.contact),
            "phone": masking.mask_phone(o.phone),
            "window": window,
            "may_complain": o.project.supervisor_id is not None,
            "complaints": o.complaints.all(),
            "data": data or {"phone": request.user.phone},
            "error": error,
        },
        status=status,
    )


@login_required
def my_objection(request, pk, code=None):
    return _objection_page(request, _own(request, pk))


@login_required
@idempotent
def new_complaint(request, pk, code=None):
    o = _own(request, pk)
    if request.user.kind != User.ENTERPRISE:
        return _not_enterprise(request)
    if request.method != "POST":
        return redirect(f"/ggzy/wode/yy/{o.pk}/")
    data = {k: request.POST.get(k, "") for k in COMPLAINT_FORM} | {"objection": o.pk}
    try:
        c = services.file_complaint(o.project, data, request.user)
    except ServiceError as e:
        return _objection_page(request, o, data=data, error=e, status=e.status)
    due = chinese_date(services.acceptance_due(c))
    messages.success(request, f"投诉已提交{c.supervisor.name}，该部门应于{due}前决定是否受理。")
    return redirect(f"/ggzy/wode/ts/{c.pk}/")


@login_required
def my_complaint(request, pk, code=None):
    try:
        c = oq.own_complaint(request.user, pk)
    except NotFound:
        raise Http404("该投诉不存在") from None
    return render(
        request,
        "trading/objections/my_complaint.html",
        {
            "c": c,
            "phone": masking.mask_phone(c.phone),
            "acceptance_due": services.acceptance_due(c),
            "decision_due": services.decision_due(c),
        },
    )
