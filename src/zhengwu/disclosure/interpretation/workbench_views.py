"""The staff pages of 政策解读 and 回应关切 (新闻发布会: `press_views`): lists of what is due and by
when, the forms (errors in Chinese, the input kept) and the actions, each with its message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengwu.core.errors import ServiceError
from zhengwu.disclosure import queries as disclosure_queries
from zhengwu.org import permissions
from zhengwu.org.models import User

from . import queries, rules
from .models import ConcernResponse, Interpretation
from .services import concerns as concern_services
from .services import interpretations as services

INTERP_FIELDS = ("title", "form", "body", "video_url", "qa")
CONCERN_FIELDS = ("title", "concern", "kind", "occurred_at", "response")


def staff(request):
    user = request.user
    if user.kind != User.STAFF and not user.is_superuser:
        raise PermissionDenied
    if not disclosure_queries.agencies_in_scope(user).exists():
        raise PermissionDenied
    return user


def _error_page(request, error, back: str, title: str):
    return render(
        request,
        "interpretation/wb_error.html",
        {"error": error, "back": back, "title": title},
        status=error.status,
    )


# --- 政策解读 ------------------------------------------------------------------------------------

STATUS_TABS = [("", "全部"), ("warning", "逾期"), *Interpretation.STATUSES]


@login_required
def wb_interpretations(request):
    """待解读的政策文件 with their due dates, and the interpretations in scope."""
    user = staff(request)
    status = "published" if request.GET.get("done") else request.GET.get("status", "")
    today = timezone.localdate()
    awaiting = queries.awaiting(user, today)
    items = queries.staff_interpretations(user)
    if status and status != "warning":
        if status not in dict(Interpretation.STATUSES):
            raise Http404("没有这个状态")
        items = items.filter(status=status)
    if status == "warning":
        awaiting = [d for d in awaiting if d.overdue]
        items = items.filter(published_late=True)
    return render(
        request,
        "interpretation/wb_list.html",
        {
            "awaiting": awaiting,
            "items": items.order_by("-created_at", "-id")[:200],
            "status": status,
            "tabs": STATUS_TABS,
            "workdays": rules.interpretation_workdays(),
        },
    )


def _interp_form(request) -> dict:
    return {k: request.POST.get(k, "") for k in INTERP_FIELDS}


def _form_context(doc, data, error=None, item=None) -> dict:
    due_on = None
    if doc.published_on:
        due_on = rules.interpretation_due(doc.published_on, doc.agency.jurisdiction.code)
    return {
        "doc": doc,
        "data": data,
        "error": error,
        "item": item,
        "forms": Interpretation.FORMS,
        "due_on": due_on,
        "workdays": rules.interpretation_workdays(),
    }


@login_required
def wb_interpretation_new(request):
    user = staff(request)
    pk = request.GET.get("document") or request.POST.get("document", "")
    doc = queries.staff_documents(user).filter(pk=pk if str(pk).isdigit() else 0).first()
    if doc is None:
        raise Http404("文件不存在或不在您的管辖范围内")
    if request.method == "POST":
        data = _interp_form(request)
        try:
            item = services.create(doc, data, by=user, image=request.FILES.get("image"))
        except ServiceError as e:
            return render(
                request, "interpretation/wb_form.html", _form_context(doc, data, e), status=e.status
            )
        messages.success(request, "解读草稿已保存；核对无误后请提交审核，与文件同步发布。")
        return redirect(f"/workbench/disclosure/interpretations/{item.pk}/")
    return render(
        request, "interpretation/wb_form.html", _form_context(doc, {"form": Interpretation.TEXT})
    )


def _staff_interp(user, pk) -> Interpretation:
    item = queries.staff_interpretations(user).filter(pk=pk).first()
    if item is None:
        raise Http404("解读不存在或不在您的管辖范围内")
    return item


@login_required
def wb_interpretation(request, pk):
    user = staff(request)
    item = _staff_interp(user, pk)
    if request.method == "POST":
        data = _interp_form(request)
        try:
            services.edit(
                item,
                data,
                by=user,
                image=request.FILES.get("image"),
                version=request.POST.get("version"),
            )
        except ServiceError as e:
            context = _form_context(item.document, data, e, item) | {"can_act": True}
            return render(request, "interpretation/wb_detail.html", context, status=e.status)
        messages.success(request, "解读修改已保存。")
        return redirect(f"/workbench/disclosure/interpretations/{item.pk}/")
    data = {k: getattr(item, k) for k in INTERP_FIELDS}
    data["qa"] = services.qa_text(item.qa)
    can_act = permissions.allows(
        user, services.EDIT, agency_id=item.agency_id, path=item.scope_path
    )
    return render(
        request,
        "interpretation/wb_detail.html",
        _form_context(item.document, data, None, item) | {"can_act": can_act},
    )


INTERP_ACTIONS = {
    "submit": lambda i, post, by: services.submit(i, by=by, version=post.get("version")),
    "remove_image": lambda i, post, by: services.remove_image(
        i, by=by, version=post.get("version")
    ),
    "return": lambda i, post, by: services.return_for_changes(
        i, post.get("reason", ""), by=by, version=post.get("version")
    ),
    "publish": lambda i, post, by: services.publish(i, by=by, version=post.get("version")),
    "withdraw": lambda i, post, by: services.withdraw(
        i, post.get("reason", ""), by=by, version=post.get("version")
    ),
}
INTERP_DONE = {
    "submit": lambda i: "解读已提交审核，待审核发布。",
    "remove_image": lambda i: "图解已删除；如需图解，可重新上传后保存。",
    "return": lambda i: "解读已退回起草人修改。",
    "publish": lambda i: (
        f"解读已发布，政策文件页面已链接该解读。{'（晚于应发布日期，记为逾期发布）' if i.published_late else ''}"
    ),
    "withdraw": lambda i: "解读已撤回，公开页面不再显示。",
}


@login_required
@require_POST
def wb_interpretation_action(request, pk, action):
    user = staff(request)
    item = _staff_interp(user, pk)
    if action not in INTERP_ACTIONS:
        raise Http404("没有这个操作")
    back = f"/workbench/disclosure/interpretations/{item.pk}/"
    try:
        INTERP_ACTIONS[action](item, request.POST, user)
    except ServiceError as e:
        return _error_page(request, e, back, item.title)
    messages.success(request, INTERP_DONE[action](item))
    return redirect(back)


# --- 回应关切 ------------------------------------------------------------------------------------

CONCERN_TABS = [("", "全部"), ("warning", "超时"), *ConcernResponse.STATUSES]


@login_required
def wb_concerns(request):
    user = staff(request)
    status = "published" if request.GET.get("done") else request.GET.get("status", "")
    items = queries.staff_concerns(user)
    if status == "warning":
        items = queries.overdue_concerns(items)
    elif status:
        if status not in dict(ConcernResponse.STATUSES):
            raise Http404("没有这个状态")
        items = items.filter(status=status)
    now = timezone.now()
    rows = list(items.order_by("due_at", "-id")[:200])
    for c in rows:
        c.overdue = c.status == ConcernResponse.OPEN and now > c.due_at
    return render(
        request,
        "interpretation/wb_concerns.html",
        {
            "items": rows,
            "status": status,
            "tabs": CONCERN_TABS,
            "manageable": list(disclosure_queries.manageable_agencies(request.user)[:300]),
        },
    )


def _concern_form(request) -> dict:
    return {k: request.POST.get(k, "") for k in CONCERN_FIELDS}


def _concern_context(data, error=None, item=None, agencies=None, agency="") -> dict:
    return {
        "data": data,
        "error": error,
        "item": item,
        "kinds": [(v, label, rules.concern_hours(v)) for v, label in ConcernResponse.KINDS],
        "agencies": agencies or [],
        "agency": agency,
    }


@login_required
def wb_concern_new(request):
    user = staff(request)
    manageable = disclosure_queries.manageable_agencies(user)
    usci = request.GET.get("agency") or request.POST.get("agency", "")
    if request.method == "POST":
        data = _concern_form(request)
        agency = manageable.filter(usci=usci).first()
        try:
            if agency is None:
                raise Http404("请选择您有权登记的单位")
            item = concern_services.create(agency, data, by=user)
        except ServiceError as e:
            context = _concern_context(data, e, None, list(manageable[:300]), usci)
            return render(request, "interpretation/wb_concern.html", context, status=e.status)
        messages.success(
            request,
            f"已登记关切事项，应于{timezone.localtime(item.due_at):%Y-%m-%d %H:%M}前回应。",
        )
        return redirect(f"/workbench/disclosure/concerns/{item.pk}/")
    data = {"occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "kind": "other"}
    return render(
        request,
        "interpretation/wb_concern.html",
        _concern_context(data, None, None, list(manageable[:300]), usci),
    )


CONCERN_ACTIONS = {
    "edit": lambda c, post, by: concern_services.edit(
        c,
        {k: post.get(k, "") for k in CONCERN_FIELDS},
        by=by,
        version=post.get("version"),
    ),
    # what else was corrected in the same submit is saved with the answer (one audit event)
    "respond": lambda c, post, by: concern_services.respond(
        c,
        post.get("response", ""),
        by=by,
        version=post.get("version"),
        changes={k: post[k] for k in CONCERN_FIELDS if k != "response" and k in post},
    ),
    "withdraw": lambda c, post, by: concern_services.withdraw(
        c, post.get("reason", ""), by=by, version=post.get("version")
    ),
}
CONCERN_DONE = {
    "edit": lambda c: f"已保存，应于{timezone.localtime(c.due_at):%Y-%m-%d %H:%M}前回应。",
    "respond": lambda c: (
        "回应已发布，公开在“回应关切”栏目。"
        + ("（晚于应回应时间，记为超时回应）" if c.responded_late else "")
    ),
    "withdraw": lambda c: "回应已撤回，公开页面不再显示。",
}


@login_required
def wb_concern(request, pk):
    user = staff(request)
    item = queries.staff_concerns(user).filter(pk=pk).first()
    if item is None:
        raise Http404("关切事项不存在或不在您的管辖范围内")
    data = {k: getattr(item, k) for k in CONCERN_FIELDS}
    data["occurred_at"] = timezone.localtime(item.occurred_at).strftime("%Y-%m-%dT%H:%M")
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in CONCERN_ACTIONS:
            raise Http404("没有这个操作")
        try:
            CONCERN_ACTIONS[action](item, request.POST, user)
        except ServiceError as e:
            data = _concern_form(request) | {"reason": request.POST.get("reason", "")}
            context = _concern_context(data, e, item) | {"can_act": True}
            return render(request, "interpretation/wb_concern.html", context, status=e.status)
        messages.success(request, CONCERN_DONE[action](item))
        return redirect(f"/workbench/disclosure/concerns/{item.pk}/")
    can_act = permissions.allows(
        user, concern_services.EDIT, agency_id=item.agency_id, path=item.scope_path
    )
    context = _concern_context(data, None, item) | {
        "can_act": can_act,
        "overdue": item.status == ConcernResponse.OPEN and timezone.now() > item.due_at,
    }
    return render(request, "interpretation/wb_concern.html", context)
