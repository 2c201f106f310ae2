"""人员名录's actions (/workbench/org/staff/…): a new staff account with an initial password its
holder changes at the first log in, and roles granted and revoked, each only within the
administrator's scope (`services.grant_role`, `services.revoke_role`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhengwu.core.errors import Invalid, ServiceError

from . import network, permissions, queries, services
from .models import Role, RoleAssignment, User

STAFF_FORM = ["username", "real_name", "phone", "role", "agency", "jurisdiction"]


def _admin(request) -> User:
    user = request.user
    if not permissions.allows_somewhere(user, "account.staff_created"):
        raise PermissionDenied
    return user


def _role(data: dict) -> str:
    if data.get("role") not in Role.values:
        raise Invalid("请选择角色", code="role_required", field="role")
    return data["role"]


def _context(user, **extra) -> dict:
    return {
        "roles": Role.choices,
        "agencies": network.agencies_visible_to(user).filter(is_active=True),
        **extra,
    }


@login_required
def staff_new(request):
    user = _admin(request)
    data: dict = {"role": Role.WINDOW_CLERK}
    error, status = None, 200
    if request.method == "POST":
        data = {k: request.POST.get(k, "").strip() for k in STAFF_FORM}
        try:
            role = _role(data)
            over = network.role_target(user, data)
            member = services.create_staff(
                username=data["username"],
                real_name=data["real_name"],
                phone=data["phone"],
                password=request.POST.get("password", ""),
                roles=[(role, over)],
                by=user,
            )
        except ServiceError as e:
            error, status = e, e.status
        else:
            messages.success(
                request,
                f"已新建{member.real_name or member.username}的账户，角色为{Role(role).label}。"
                "请将用户名和初始密码告知本人，首次登录须修改密码。",
            )
            return redirect(f"/workbench/org/staff/{member.pk}/")
    return render(
        request,
        "org/network/staff_new.html",
        _context(user, data=data, error=error),
        status=status,
    )


def _refused(request, member: User, e: ServiceError):
    return render(
        request,
        "portal/error.html",
        {
            "title": "未能完成",
            "text": f"{e.message}。请返回{member.real_name or member.username}的页面重试。",
        },
        status=e.status,
    )


def _member(user, pk) -> User:
    return get_object_or_404(queries.staff_visible_to(user), pk=pk)


@login_required
@require_POST
def staff_grant(request, pk: int):
    user = _admin(request)
    member = _member(user, pk)
    data = {k: request.POST.get(k, "").strip() for k in ["role", "agency", "jurisdiction"]}
    try:
        role = _role(data)
        over = network.role_target(user, data)
        services.grant_role(member, role, over, by=user)
    except ServiceError as e:
        return _refused(request, member, e)
    messages.success(
        request, f"已为{member.real_name or member.username}分配{Role(role).label}（{over}）。"
    )
    return redirect(f"/workbench/org/staff/{member.pk}/")


@login_required
@require_POST
def staff_revoke(request, pk: int, assignment: int):
    user = _admin(request)
    member = _member(user, pk)
    found = RoleAssignment.objects.filter(pk=assignment, user=member).first()
    if found is None:
        raise Http404("未找到该角色")
    label, over = found.get_role_display(), str(found.agency or found.jurisdiction)
    try:
        services.revoke_role(found, by=user)
    except ServiceError as e:
        return _refused(request, member, e)
    name = member.real_name or member.username
    if not queries.staff_visible_to(user).filter(pk=member.pk).exists():
        messages.success(request, f"已撤销{name}的{label}（{over}），其在您辖区内已没有角色。")
        return redirect("/workbench/org/staff/")
    messages.success(request, f"已撤销{name}的{label}（{over}）。")
    return redirect(f"/workbench/org/staff/{member.pk}/")
