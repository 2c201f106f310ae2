"""Failed log ins (等保 8.1.4.1 b 登录失败处理) without letting a stranger lock anybody out.

django-axes records every failure in its AccessAttempt rows (account, address, browser); three
counts are read from them over the cool-off window (`AXES_COOLOFF_TIME`, 30 minutes):

- **account + address** (`AXES_FAILURE_LIMIT`, 5): axes locks that pair, refusing even the
  right password there, until the window has passed since the failure that locked it
  (`AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]`). The page says how many minutes
  are left; the account's owner gets a notice and the audit chain `account.locked`. The same
  account from any other address, and every other account from this address, are not locked.
- **address** (`ZHENGWU_LOGIN_CAPTCHA_AFTER`, 3): every further log in from that address must
  pass the CAPTCHA first, whatever the account; the right password still works with it. A
  village service point or an office behind one NAT address keeps working.
- **account** (`ZHENGWU_ACCOUNT_CAPTCHA_AFTER`, 10, from any addresses): every further log in
  to that account must pass the CAPTCHA first, from anywhere; its owner is told once per
  window and the audit chain gets `account.captcha_required`. Guessing from many addresses
  then costs a CAPTCHA a guess, and a stranger still cannot keep the owner out.

Failures counted are those of the password (a missing or wrong CAPTCHA checks no password and
counts nothing). A success resets its own pair (`AXES_RESET_ON_SUCCESS`).
"""

from __future__ import annotations

import hashlib
import math

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from zhengwu.core import audit
from zhengwu.core.masking import mask_ip
from zhengwu.core.notify import notify

from .models import User


def window_minutes() -> int:
    return math.ceil(get_cool_off().total_seconds() / 60)


def _recent(**where):
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - get_cool_off(), **where)


def failures(**where) -> int:
    """Failed log ins in the window matching `where` (username=…, ip_address=…)."""
    return _recent(**where).aggregate(n=Sum("failures_since_start"))["n"] or 0


def captcha_reason(ip: str | None, username: str = "") -> str:
    """Why this log in must pass the CAPTCHA first ("address", "account"), or "" if it need not."""
    if ip and failures(ip_address=ip) >= settings.ZHENGWU_LOGIN_CAPTCHA_AFTER:
        return "address"
    if username and failures(username=username) >= settings.ZHENGWU_ACCOUNT_CAPTCHA_AFTER:
        return "account"
    return ""


def minutes_left(username: str, ip: str | None) -> int:
    """Whole minutes until the lock of this account at this address ends (at least 1)."""
    last = _recent(username=username, ip_address=ip).aggregate(t=Max("attempt_time"))["t"]
    if last is None:
        return 1
    seconds = (last + get_cool_off() - timezone.now()).total_seconds()
    return max(1, math.ceil(seconds / 60))


def _once(kind: str, *parts: str) -> bool:
    """True the first time in the window (so an owner is told once, not at every try)."""
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:32]
    return cache.add(f"login:{kind}:{digest}", 1, int(get_cool_off().total_seconds()))


def _owner(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _when() -> str:
    return f"{timezone.localtime():%Y年%-m月%-d日 %H:%M}"


def pair_locked(username: str, ip: str | None) -> None:
    """axes has just locked `username` at `ip`: audit it and tell the owner (once)."""
    if not username or not _once("locked", username, ip or ""):
        return
    minutes = window_minutes()
    with transaction.atomic():
        audit.record(
            "account.locked",
            success=False,
            object_type="org.user",
            object_id=username[:150],
            after={"address": ip, "minutes": minutes},
        )
        owner = _owner(username)
        if owner is not None:
            notify(
                owner,
                "账户登录已暂时锁定",
                f"{_when()}，有人从网络地址{mask_ip(ip or '')}连续"
                f"{settings.AXES_FAILURE_LIMIT}次输错您账户的密码，来自该地址的登录已暂停"
                f"{minutes}分钟；从其他地址仍可正常登录。如非本人操作，建议尽快修改密码。",
                "/accounts/password/",
            )


def failed(username: str, ip: str | None) -> None:
    """After a wrong password: when the account has now failed often enough from anywhere to
    need the CAPTCHA, audit it and tell the owner (once per window)."""
    count = failures(username=username)
    if count < settings.ZHENGWU_ACCOUNT_CAPTCHA_AFTER or not _once("flagged", username):
        return
    minutes = window_minutes()
    with transaction.atomic():
        audit.record(
            "account.captcha_required",
            success=False,
            object_type="org.user",
            object_id=username[:150],
            after={"failures": count, "minutes": minutes},
        )
        owner = _owner(username)
        if owner is not None:
            notify(
                owner,
                "账户登录失败次数较多",
                f"截至{_when()}，{minutes}分钟内您的账户登录失败{count}次（最近一次来自网络地址"
                f"{mask_ip(ip or '')}）。为保护账户安全，此后{minutes}分钟内登录您的账户须填写"
                "验证码。如非本人操作，建议尽快修改密码。",
                "/accounts/password/",
            )
