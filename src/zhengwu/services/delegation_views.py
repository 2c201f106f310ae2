"""A window's 首席代表 and the items delegated to them (/workbench/org/windows/<pk>/chiefs/):
three 集中 and three 到位 (R4.2), set up by the openness office over the centre."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengwu.core.errors import Invalid, ServiceError
from zhengwu.org import network, permissions
from zhengwu.org.models import User, Window

from . import delegation


def _admin(request) -> User:
    if not permissions.allows_somewhere(request.user, delegation.APPOINT):
        raise PermissionDenied
    return request.user


def _window(user, pk) -> Window:
    found = (
        Window.objects.filter(pk=pk, centre__in=network.centres_visible_to(user))
        .select_related("centre")
        .first()
    )
    if found is None:
        raise Http404("未找到该窗口，或它不在您的管辖范围内")
    return found


def _page(request, user, window, *, status=200, **extra):
    chiefs = list(
        delegation.chiefs_visible_to(user).filter(window=window).prefetch_related("items")
    )
    for c in chiefs:
        c.choices = list(delegation.delegable_items(c.agency))
        c.chosen = {i.pk for i in c.items.all()}
        c.missing = len([i for i in c.choices if i.pk not in c.chosen])
    agencies = list(window.agencies.all())
    for a in agencies:
        a.choices = delegation.delegable_items(a)
    context = {
        "window": window,
        "chiefs": chiefs,
        "agencies": [a for a in agencies if a.pk not in {c.agency_id for c in chiefs}],
        "candidates": delegation.candidates(window),
        "data": {},
        **extra,
    }
    return render(request, "services/chiefs.html", context, status=status)


@login_required
def chiefs(request, pk: int):
    user = _admin(request)
    window = _window(user, pk)
    if request.method != "POST":
        return _page(request, user, window)
    data = {k: request.POST.get(k, "") for k in ("user", "agency")}
    data["items"] = request.POST.getlist("items")
    try:
        member = delegation.candidates(window).filter(pk=_int(data["user"], "user")).first()
        agency = window.agencies.filter(pk=_int(data["agency"], "agency")).first()
        if member is None:
            raise Invalid(
                "请选择首席代表（须为进驻单位的工作人员）", code="user_required", field="user"
            )
        if agency is None:
            raise Invalid("请选择派驻单位", code="agency_required", field="agency")
        chief = delegation.appoint(window, member, agency, data["items"], by=user)
    except ServiceError as e:
        return _page(request, user, window, data=data, error=e, status=e.status)
    messages.success(
        request,
        f"已任命{member.real_name or member.username}为{agency.name}首席代表，"
        f"授权审批事项{chief.items.count()}项。",
    )
    return redirect(f"/workbench/org/windows/{window.pk}/chiefs/")


def _int(value: str, name: str) -> int:
    if not str(value).isdigit():
        raise Invalid(
            "请选择" + ("首席代表" if name == "user" else "派驻单位"), code=f"{name}_required"
        )
    return int(value)


# What each action on a chief representative says when done (tests/test_success_messages.py).
DONE = {
    "items": "{agency}首席代表的授权审批事项已保存（{count}项）。",
    "remove": "已免去{agency}首席代表，可重新任命。",
}


@login_required
@require_POST
def chief_action(request, pk: int, action: str):
    user = _admin(request)
    if action not in DONE:
        raise Http404("没有这个操作")
    try:
        chief = delegation.chief_in_scope(user, pk)
    except ServiceError as e:
        raise Http404(e.message) from None
    window, agency = chief.window, chief.agency.name
    try:
        if action == "items":
            delegation.set_items(chief, request.POST.getlist("items"), by=user)
        else:
            delegation.remove(chief, by=user)
    except ServiceError as e:
        return _page(request, user, window, error=e, status=e.status)
    count = chief.items.count() if action == "items" else 0
    messages.success(request, DONE[action].format(agency=agency, count=count))
    return redirect(f"/workbench/org/windows/{window.pk}/chiefs/")
