"""API tokens (Authorization: Bearer …) under the same controls as a staff session.

A token is issued only to a staff member holding a role, from a session that passed the second
factor where it applies (the rule of the log in: `REQUIRE_STAFF_TOTP`, or the member bound a
device) and whose password has not expired; its key is shown once and only its SHA-256 kept. It
reads, or reads and writes (`scope`), until it expires (`ZHENGWU_TOKEN_DAYS`, at most
`ZHENGWU_TOKEN_MAX_DAYS`) or is revoked. Each use (`authenticate`) refuses it, with a code of its
own, once the account's password has expired, the account is locked (axes) or deactivated, or
holds no role any more. Issuing, revoking and the first use from an address are audited; the key
never is.
"""

from __future__ import annotations

import datetime as dt
import secrets

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhengwu.core import audit
from zhengwu.core.errors import Invalid, NotAllowed, NotFound, ServiceError
from zhengwu.core.middleware import client_ip

from . import permissions, queries
from .middleware import TOUCH_SECONDS
from .models import ApiToken, Role, User
from .passwords import password_expired

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
NEW_ADDRESS = "account.token_new_address"


class TokenRefused(ServiceError):
    """A token that is no longer good: the API answers 401 with the code."""

    status = 401


# --- the rules --------------------------------------------------------------------------------


def second_factor_applies(user) -> bool:
    """The log in's rule: staff pass TOTP when the setting is on or once they bound a device."""
    return settings.REQUIRE_STAFF_TOTP or user.totp_confirmed


def _holds_a_role(user) -> bool:
    return permissions.allows_somewhere(user, "account.token_issued")


def _locked(request, user) -> bool:
    """Whether axes would refuse this account's log in from this request's address now (its
    public API, under AXES_LOCKOUT_PARAMETERS: the account at this address, org/lockout.py)."""
    return settings.AXES_ENABLED and AxesProxyHandler.is_locked(
        request, {"username": user.username}
    )


def _refusal(token: ApiToken, request, now) -> TokenRefused | None:
    user = token.user
    if token.revoked_at is not None:
        return TokenRefused("该访问令牌已撤销", code="token_revoked")
    if token.expires_at <= now:
        return TokenRefused("该访问令牌已过期，请重新申请", code="token_expired")
    if not user.is_active:
        return TokenRefused("该账户已停用，访问令牌不再有效", code="account_inactive")
    if user.kind != User.STAFF:
        return TokenRefused("公众账户不使用访问令牌，请登录网站办理", code="public_account")
    if password_expired(user):
        return TokenRefused("密码已过期，请先登录网站修改密码", code="password_expired")
    if not _holds_a_role(user):
        return TokenRefused("该账户已无任何角色，访问令牌不再有效", code="no_roles")
    if _locked(request, user):
        return TokenRefused(
            "该账户在当前地址因多次登录失败已被暂时锁定，访问令牌暂停使用",
            code="account_locked",
        )
    return None


# --- using ------------------------------------------------------------------------------------


def authenticate(request, key: str) -> ApiToken | None:
    """The token of `key` if it may make this request; None for an unknown key (the API then
    tries the session); TokenRefused (401) or NotAllowed (403, a read-only token on an unsafe
    method) otherwise. Records the use (`_touch`)."""
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None:
        return None
    now = timezone.now()
    refusal = _refusal(token, request, now)
    if refusal is not None:
        raise refusal
    if request.method not in SAFE_METHODS and token.scope != ApiToken.WRITE:
        raise NotAllowed("该访问令牌只有读取权限，不能进行修改操作", code="token_read_only")
    _touch(token, client_ip(request), now)
    return token


def _touch(token: ApiToken, ip: str | None, now) -> None:
    """The last use's time and address, written at most once a minute from one address (as the
    staff session's last request, TOUCH_SECONDS); the first use from an address is audited."""

    def moved(row: ApiToken) -> bool:
        return row.last_used_at is None or row.last_used_ip != ip

    if not moved(token) and now - token.last_used_at < dt.timedelta(seconds=TOUCH_SECONDS):
        return
    with transaction.atomic():
        if moved(token):
            # Another request from the new address may be here too: one of them audits it.
            locked = ApiToken.objects.select_for_update().get(pk=token.pk)
            seen = (
                audit.trail("org.apitoken", str(token.pk)).filter(action=NEW_ADDRESS, client_ip=ip)
            ).exists()
            if moved(locked) and not seen:
                audit.record(
                    NEW_ADDRESS, token, actor=token.user, after={"name": token.name, "address": ip}
                )
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_ip=ip)
    token.last_used_at, token.last_used_ip = now, ip


# --- issuing and revoking ---------------------------------------------------------------------


def _days(days) -> int:
    if days in (None, ""):
        return settings.ZHENGWU_TOKEN_DAYS
    longest = settings.ZHENGWU_TOKEN_MAX_DAYS
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= longest:
        raise Invalid(f"有效天数应为1至{longest}天", code="days_invalid", field="days")
    return days


@transaction.atomic
def issue(
    user: User,
    *,
    name: str,
    scope: str = ApiToken.READ,
    days: int | None = None,
    verified: bool,
    by: User | None = None,
    via: str = "page",
) -> tuple[ApiToken, str]:
    """A new token for `user` and its key (shown once, never stored). `verified` says the second
    factor was passed: the pages and the API give their session's flag (`issue_in_session`);
    `manage.py api_token issue` gives True, as an operator on the server. `by` is who asks
    (None: the system, i.e. that command)."""
    if user.kind != User.STAFF:
        raise NotAllowed("公众账户不使用访问令牌，请登录网站办理", code="public_account")
    if by is not None and by.pk != user.pk:
        raise NotAllowed("访问令牌只能由本人申请", code="not_own_account")
    if not user.is_active:
        raise NotAllowed("该账户已停用", code="account_inactive")
    if not _holds_a_role(user):
        raise NotAllowed("您尚未分配角色，不能申请访问令牌", code="no_roles")
    if second_factor_applies(user) and not verified:
        raise NotAllowed("请先完成动态口令验证，再申请访问令牌", code="totp_required")
    if password_expired(user):
        raise NotAllowed("密码已过期，请先修改密码", code="password_expired")
    name = (name or "").strip()
    if not name:
        raise Invalid("请填写令牌用途，如对接的系统名称", code="name_required", field="name")
    if len(name) > 60:
        raise Invalid("令牌用途不能超过60个字", code="name_too_long", field="name")
    if scope not in (ApiToken.READ, ApiToken.WRITE):
        raise Invalid("权限应为“读取”或“读取和写入”", code="scope_invalid", field="scope")
    days = _days(days)
    key = "zw_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        scope=scope,
        key_hash=ApiToken.hash_key(key),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    audit.record(
        "account.token_issued",
        token,
        actor=by,
        after={
            "user": user.username,
            "name": name,
            "scope": scope,
            "expires_at": token.expires_at,
            "via": via,
        },
    )
    return token, key


def issue_in_session(request, *, name, scope, days, via: str = "page") -> tuple[ApiToken, str]:
    """Issue to the logged-in staff member; the second factor is the session's."""
    return issue(
        request.user,
        name=name,
        scope=scope,
        days=days,
        verified=bool(request.session.get("zw_otp_ok")),
        by=request.user,
        via=via,
    )


def can_manage_staff_tokens(user) -> bool:
    """政务公开办管理员 see and revoke the tokens of the staff in their scope."""
    return permissions.allows_somewhere(user, "account.token_revoked")


def own_tokens(user):
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def staff_tokens_visible_to(user):
    """The tokens of staff holding a role in an administrator's scope (as the staff directory)."""
    if not can_manage_staff_tokens(user):
        raise NotAllowed("只有政务公开办管理员可以管理工作人员的访问令牌")
    holders = queries.staff_roles_visible_to(user, [Role.OPENNESS_ADMIN]).order_by()
    return (
        ApiToken.objects.filter(user__in=holders.values("user_id"))
        .select_related("user", "revoked_by")
        .order_by("-created_at", "-id")
    )


def _manageable_by(user):
    if user is None:  # the system: `manage.py api_token revoke`
        return ApiToken.objects.all()
    if can_manage_staff_tokens(user):
        holders = queries.staff_roles_visible_to(user, [Role.OPENNESS_ADMIN]).order_by()
        return ApiToken.objects.filter(user__in=holders.values("user_id")) | own_tokens(user)
    return own_tokens(user)


@transaction.atomic
def revoke(token_id: int, *, by: User | None) -> ApiToken:
    """Revoke one's own token, or (政务公开办管理员) one of a staff member in scope: anything
    else is not found. Revoking a revoked token changes nothing."""
    token = (
        _manageable_by(by)
        .order_by()
        .select_for_update(of=("self",))
        .select_related("user")
        .filter(pk=token_id)
        .first()
    )
    if token is None:
        raise NotFound("未找到该访问令牌", code="token_not_found")
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), by
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit.record(
            "account.token_revoked",
            token,
            actor=by,
            after={"user": token.user.username, "name": token.name},
        )
    return token
