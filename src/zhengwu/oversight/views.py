"""The workbench pages of 社会监督 (/workbench/oversight/): what each person must do next (a
body's items to rectify by their due dates, a supervisor's own findings, the office's items to
assign and confirm), the forms to file a finding and record a press report, and an item's page
with its next step and actions. Out of scope is 404; a refused action re-renders the page with
the reason (4xx) and what was typed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengwu.core.errors import NotFound, ServiceError
from zhengwu.org import permissions
from zhengwu.org import queries as org_queries
from zhengwu.org.models import User

from . import items, queries, roster
from . import models as m
from .models import Item, ItemFile


def _staff(request) -> User:
    user = request.user
    if user.kind != User.STAFF and not user.is_superuser:
        raise PermissionDenied
    return user


def _item(user, pk: int) -> Item:
    try:
        return queries.item(user, pk)
    except NotFound:
        raise Http404("该监督事项不存在") from None


def _agencies(user, supervisor=None):
    """The bodies one may name: a supervisor's jurisdiction, or the office's."""
    if supervisor is not None:
        return org_queries.agencies(supervisor.jurisdiction, subtree=True)
    held = queries.office_jurisdictions(user)
    return org_queries.agencies(held[0], subtree=True) if held else []


@login_required
def home(request):
    user = _staff(request)
    today = timezone.localdate()
    me = roster.of_user(user)
    office = queries.is_office(user)
    rectify = list(queries.to_rectify(user)[:100])
    if not (office or me or rectify or queries.items_visible_to(user).exists()):
        raise PermissionDenied
    mine = list(queries.items_visible_to(user).filter(supervisor=me)[:100]) if me else []
    running = (
        queries.items_visible_to(user).filter(state=Item.ASSIGNED_).order_by("due_on", "id")[:100]
        if office
        else []
    )
    done = request.GET.get("done") == "1"
    return render(
        request,
        "oversight/home.html",
        {
            "today": today,
            "me": me,
            "office": office,
            "rectify": rectify,
            "mine": mine,
            "to_assign": queries.to_assign(user)[:100] if office else [],
            "to_confirm": queries.to_confirm(user)[:100],
            "running": running,
            "finished": queries.items_visible_to(user).filter(state=Item.CONFIRMED_)[:100]
            if done
            else [],
            "done": done,
        },
    )


FINDING_FORM = ("agency", "kind", "title", "text", "supervisor")
MEDIA_FORM = ("agency", "outlet", "reported_on", "link", "title", "text")


@login_required
def new_finding(request):
    """A supervisor files their own; the office files for a supervisor of its roster."""
    user = _staff(request)
    me = roster.of_user(user)
    office = queries.is_office(user)
    if me is None and not office:
        raise PermissionDenied
    supervisors = queries.supervisors_visible_to(user) if office else []
    data = {k: request.POST.get(k, "") for k in FINDING_FORM} if request.method == "POST" else {}
    error, status = None, 200
    if request.method == "POST":
        chosen = None
        if data.get("supervisor"):
            chosen = queries.supervisors_visible_to(user).filter(pk=data["supervisor"]).first()
            if chosen is None:
                raise Http404("该社会监督员不存在")
        try:
            item = items.file_finding(
                data, by=user, supervisor=chosen, evidence=request.FILES.getlist("files")
            )
        except ServiceError as e:
            error, status = e, e.status
        else:
            messages.success(
                request, "监督意见已提交，政务公开办交办后，您可在本页查看整改期限和进展。"
            )
            return redirect(f"/workbench/oversight/items/{item.pk}/")
    return render(
        request,
        "oversight/new_finding.html",
        {
            "me": me,
            "in_term": me.in_term(timezone.localdate()) if me else True,
            "supervisors": supervisors,
            "agencies": _agencies(user, me if me and not office else None),
            "kinds": Item.KINDS,
            "data": data,
            "error": error,
        },
        status=status,
    )


@login_required
def new_media(request):
    user = _staff(request)
    if not queries.is_office(user):
        raise PermissionDenied
    data = {k: request.POST.get(k, "") for k in MEDIA_FORM} if request.method == "POST" else {}
    error, status = None, 200
    if request.method == "POST":
        try:
            item = items.record_media(data, by=user, evidence=request.FILES.getlist("files"))
        except ServiceError as e:
            error, status = e, e.status
        else:
            messages.success(request, "媒体监督事项已登记，下一步：交办涉及单位整改。")
            return redirect(f"/workbench/oversight/items/{item.pk}/")
    return render(
        request,
        "oversight/new_media.html",
        {"agencies": _agencies(user), "data": data, "error": error},
        status=status,
    )


def _can(user, item: Item) -> dict[str, bool]:
    def allowed(action):
        return permissions.allows(user, action, agency_id=item.agency_id, path=item.scope_path)

    own = item.supervisor is not None and item.supervisor.user_id
    confirms = (own == user.pk) if own else queries.is_office(user) and allowed(m.CONFIRMED)
    return {
        "assign": item.state == Item.SUBMITTED and allowed(m.ASSIGNED),
        "rectify": item.state == Item.ASSIGNED_ and allowed(m.RECTIFIED),
        "confirm": item.state == Item.RECTIFIED_ and bool(confirms),
    }


def _detail(request, item: Item, *, error=None, data=None, status=200):
    user = request.user
    return render(
        request,
        "oversight/item.html",
        {
            "item": item,
            "next": item.next_step,
            "can": _can(user, item),
            "period": items.period(item),
            "evidence": item.files.filter(stage=ItemFile.EVIDENCE),
            "rectification_files": item.files.filter(stage=ItemFile.RECTIFICATION),
            "error": error,
            "data": data or {},
        },
        status=status,
    )


@login_required
def item_page(request, pk):
    user = _staff(request)
    return _detail(request, _item(user, pk))


DONE = {
    "assign": "已交办{agency}，整改期限为{due}，到期前未反馈将进入电子监察预警。",
    "rectify": "整改情况已反馈，待{who}确认。",
    "confirm": "已确认整改到位，该事项办结。",
    "return": "已退回重新整改，新的整改期限为{due}。",
}


@login_required
@require_POST
def item_action(request, pk, action):
    user = _staff(request)
    item = _item(user, pk)
    if action not in DONE:
        raise Http404("没有这个操作")
    version = request.POST.get("version")
    data = {k: request.POST.get(k, "") for k in ("note", "text", "reason")}
    try:
        if action == "assign":
            items.assign(item, note=data["note"], by=user, version=version)
        elif action == "rectify":
            items.rectify(
                item,
                text=data["text"],
                by=user,
                files=request.FILES.getlist("files"),
                version=version,
            )
        elif action == "confirm":
            items.confirm(item, note=data["note"], by=user, version=version)
        else:
            items.send_back(item, reason=data["reason"], by=user, version=version)
    except ServiceError as e:
        return _detail(request, _item(user, pk), error=e, data=data, status=e.status)
    item = _item(user, pk)
    who = item.next_step.removeprefix("待").split("确认")[0]
    due = f"{item.due_on:%Y年%-m月%-d日}" if item.due_on else ""
    messages.success(request, DONE[action].format(agency=item.agency.name, due=due, who=who))
    return redirect(f"/workbench/oversight/items/{item.pk}/")


@login_required
def item_file(request, pk, file_id):
    user = _staff(request)
    item = _item(user, pk)
    row = item.files.filter(pk=file_id).first()
    if row is None:
        raise Http404("该材料不存在")
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.name)
