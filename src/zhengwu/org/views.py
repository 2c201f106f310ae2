"""Log in (with the staff second factor), log out, registration, password change."""

import pyotp
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from zhengwu.core import audit, captcha
from zhengwu.core.errors import Invalid, ServiceError
from zhengwu.core.middleware import client_ip
from zhengwu.portal import errors

from . import lockout, network, permissions, queries, services
from .forms import LoginForm, PasswordChangeForm, RegisterForm, TotpForm
from .models import Role, User


def _next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


CAPTCHA_REASONS = {
    "address": "您所在网络地址近期登录失败次数较多，请先填写验证码再登录。",
    "account": "该账户近期登录失败次数较多，为保护账户安全，请先填写验证码再登录。",
}


def login(request):
    """Log in; after failures from this address, or to this account from anywhere, only with
    the CAPTCHA (org/lockout.py). /admin/login/ comes here too."""
    form = LoginForm(request.POST or None)
    ip = client_ip(request)
    reason = lockout.captcha_reason(ip)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"].strip()
        reason = lockout.captcha_reason(ip, username)
        token = request.POST.get("captcha_token", "")
        try:
            if reason and not token:
                raise Invalid("请填写验证码后再登录", code="captcha_required", field="captcha")
            if reason:
                captcha.verify(request.session, token, request.POST.get("captcha", ""))
        except Invalid as e:
            form.add_error(None, e.message)
        else:
            user = auth.authenticate(
                request, username=username, password=form.cleaned_data["password"]
            )
            if user is None:
                lockout.failed(username, ip)
            if getattr(request, "axes_locked_out", False):
                return locked_out(request, credentials={"username": username})
            if user is None:
                form.add_error(None, "用户名或密码不正确")
                reason = lockout.captcha_reason(ip, username)
            elif user.kind == User.STAFF and (settings.REQUIRE_STAFF_TOTP or user.totp_confirmed):
                auth.login(request, user)
                request.session["zw_otp_ok"] = False
                return redirect(f"/accounts/totp/?next={_next(request, '/workbench/')}")
            else:
                auth.login(request, user)
                default = "/workbench/" if user.kind == User.STAFF else "/my/"
                return redirect(_next(request, default))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "org/login.html",
        {
            "form": form,
            "next": _next(request, ""),
            "expired": request.GET.get("expired"),
            "captcha": captcha.new_challenge(request.session) if reason else None,
            "captcha_reason": CAPTCHA_REASONS.get(reason, ""),
        },
        status=status,
    )


def admin_login(request):
    """/admin/login/ is the same log in, with the same lockout and CAPTCHA rules."""
    return redirect(f"/accounts/login/?{urlencode({'next': _next(request, '/admin/')})}")


def locked_out(request, response=None, credentials=None):
    """axes' answer (AXES_LOCKOUT_CALLABLE) when this account is locked at this address."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    minutes = lockout.minutes_left(str(username).strip(), client_ip(request))
    return errors.page(
        request,
        429,
        title="登录已暂时锁定",
        text=f"该账户在您所在的网络地址连续登录失败次数过多，已暂时锁定，请 {minutes} 分钟后再试。",
        retry_after=minutes * 60,
        template="org/locked.html",
    )


@login_required
def totp(request):
    user = request.user
    if user.kind != User.STAFF:
        return redirect("/")
    if not user.totp_secret:
        user.totp_secret = pyotp.random_base32()
        user.save(update_fields=["totp_secret"])
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if pyotp.TOTP(user.totp_secret).verify(form.cleaned_data["code"], valid_window=1):
            request.session["zw_otp_ok"] = True
            request.session.cycle_key()
            if not user.totp_confirmed:
                user.totp_confirmed = True
                user.save(update_fields=["totp_confirmed"])
                audit.record("account.totp_bound", user, actor=user)
            audit.record("account.totp_ok", user, actor=user)
            return redirect(_next(request, "/workbench/"))
        audit.record("account.totp_failed", user, actor=user, success=False)
        form.add_error("code", "动态口令不正确或已过期")
    uri = pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.username, issuer_name="zhengwu")
    return render(
        request,
        "org/totp.html",
        {
            "form": form,
            "bound": user.totp_confirmed,
            "secret": user.totp_secret if not user.totp_confirmed else "",
            "uri": uri if not user.totp_confirmed else "",
            "next": _next(request, "/workbench/"),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def logout(request):
    auth.logout(request)
    messages.success(request, "您已安全退出。")
    return redirect("/")


def register(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.register_public_account(
                name=data["name"],
                password=data["password"],
                phone=data["phone"],
                id_number=data["id_number"] if data["kind"] == "citizen" else "",
                usci=data["usci"] if data["kind"] == "enterprise" else "",
            )
        except ServiceError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
        else:
            auth.login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "注册成功，欢迎使用。")
            return redirect("/my/")
    return render(request, "org/register.html", {"form": form}, status=422 if form.errors else 200)


@login_required
def password(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(
                request.user,
                old=form.cleaned_data["old_password"],
                new=form.cleaned_data["new_password"],
            )
        except ServiceError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
        else:
            auth.update_session_auth_hash(request, request.user)
            messages.success(request, "密码已修改。")
            return redirect("/workbench/" if request.user.kind == User.STAFF else "/my/")
    return render(
        request,
        "org/password.html",
        {"form": form, "expired": request.GET.get("expired")},
        status=422 if form.errors else 200,
    )


def _staff_or_403(request):
    if not queries.can_see_staff(request.user):
        return render(
            request,
            "portal/error.html",
            {"title": "无权访问", "text": "人员名录仅对政务公开办管理员和电子监察人员开放。"},
            status=403,
        )
    return None


@login_required
def staff_list(request):
    """人员名录: the staff in the viewer's scope, with their roles there and masked phones."""
    refused = _staff_or_403(request)
    if refused:
        return refused
    page = Paginator(queries.staff_visible_to(request.user), 100).get_page(request.GET.get("page"))
    can_manage = permissions.allows_somewhere(request.user, "account.staff_created")
    return render(request, "org/staff_list.html", {"page": page, "can_manage": can_manage})


@login_required
def staff_detail(request, pk: int):
    refused = _staff_or_403(request)
    if refused:
        return refused
    member = get_object_or_404(queries.staff_visible_to(request.user), pk=pk)
    can_manage = permissions.allows_somewhere(request.user, "account.role_granted")
    return render(
        request,
        "org/staff_detail.html",
        {
            "member": member,
            "can_manage": can_manage,
            "roles": Role.choices,
            "agencies": network.agencies_visible_to(request.user).filter(is_active=True)
            if can_manage
            else [],
        },
    )


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
