"""Rate limits: how often one account or one network address may do something, counted in
fixed windows with the shared cache (Redis in production). Public posts (interaction) and
tracking look-ups (cases, requests, messages: core.tracking) count here."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

from .errors import ServiceError


class RateLimited(ServiceError):
    """Too many tries from one account or address: HTTP 429 with a Chinese message and
    `retry_after` seconds (sent as Retry-After)."""

    status = 429

    def __init__(self, message: str, *, retry_after: int = 60):
        super().__init__(message, code="rate_limited")
        self.retry_after = retry_after


def parse(value) -> tuple[int, int]:
    """A limit written `count/seconds`, e.g. `5/3600` = five per hour."""
    count, seconds = str(value).split("/")
    return int(count), int(seconds)


def _key(key: str, seconds: int) -> tuple[str, int]:
    """The cache key of the current window, and the seconds until that window ends."""
    now = int(time.time())
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # any text, a valid cache key
    return f"rate:{digest}:{seconds}:{now // seconds}", seconds - now % seconds


def hit(key: str, limit: tuple[int, int]) -> tuple[int, int]:
    """Count one event in the current window: (the count now, seconds until the window ends)."""
    full_key, left = _key(key, limit[1])
    if cache.add(full_key, 1, limit[1] + 5):
        return 1, left
    try:
        return cache.incr(full_key), left
    except ValueError:  # expired between add and incr
        cache.add(full_key, 1, limit[1] + 5)
        return 1, left


def give_back(key: str, limit: tuple[int, int]) -> None:
    """Undo one `hit` of the current window (a try that turned out not to count)."""
    full_key, _ = _key(key, limit[1])
    try:
        if cache.decr(full_key) < 0:
            cache.set(full_key, 0, limit[1] + 5)
    except ValueError:  # the window has ended meanwhile
        pass


def minutes(seconds: int) -> str:
    return f"{max(1, -(-seconds // 60))}分钟"


def period(limit: tuple[int, int]) -> str:
    seconds = limit[1]
    if seconds % 3600 == 0:
        return f"{seconds // 3600}小时"
    if seconds % 60 == 0:
        return f"{seconds // 60}分钟"
    return f"{seconds}秒"


def check_rate(action: str, *, user=None, ip: str | None = None, per_account=None, per_ip=None):
    """Count one `action` and raise RateLimited when the account or the address has used up
    its allowance (`per_account`, `per_ip`: (count, seconds) or None)."""
    if user is not None and getattr(user, "is_authenticated", False) and per_account:
        n, left = hit(f"{action}:u{user.pk}", per_account)
        if n > per_account[0]:
            raise RateLimited(
                f"提交过于频繁：每个账户{period(per_account)}内最多提交{per_account[0]}次，"
                f"请{minutes(left)}后再试。",
                retry_after=left,
            )
    if ip and per_ip:
        n, left = hit(f"{action}:ip{ip}", per_ip)
        if n > per_ip[0]:
            raise RateLimited(
                f"来自您所在网络地址的提交过于频繁（{period(per_ip)}内最多{per_ip[0]}次），"
                f"请{minutes(left)}后再试。",
                retry_after=left,
            )
