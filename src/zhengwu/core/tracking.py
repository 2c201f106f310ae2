"""Tracking without logging in, by number and query code (办件, 依申请公开, 留言).

The code is shown once, when the record is made, and stored only as `hash_code(number, code)`.
Every look-up goes through `lookup`: it throttles wrong tries per network address (one
allowance for all three kinds, `ZHENGWU_TRACK_RATE_IP`) and per tracked number
(`ZHENGWU_TRACK_RATE_NUMBER`), and a wrong code and an unknown number take the same path, the
same work (a hash compared either way) and the same answer."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

from django.conf import settings

from . import throttle


def hash_code(number: str, code: str) -> str:
    """SHA-256 of `number:CODE` (the code trimmed, letters upper-cased): the form 依申请公开
    requests and messages have always stored, now also cases'."""
    return hashlib.sha256(f"{number}:{(code or '').strip().upper()}".encode()).hexdigest()


def matches(stored: str, number: str, code: str) -> bool:
    return hmac.compare_digest(stored or "", hash_code(number, code))


def _limits() -> tuple[tuple[int, int], tuple[int, int]]:
    return (
        throttle.parse(settings.ZHENGWU_TRACK_RATE_IP),
        throttle.parse(settings.ZHENGWU_TRACK_RATE_NUMBER),
    )


def lookup(kind: str, number: str, code: str, *, ip: str | None, find: Callable):
    """The record `find(number)` returns when `code` is its query code, else None (unknown
    number and wrong code alike). Raises RateLimited (429) before looking when this address, or
    anyone against this number, has used up the wrong tries of the current window. A right code
    does not count as a try."""
    per_ip, per_number = _limits()
    keys = []
    if ip:
        key = f"track:ip:{ip}"
        n, left = throttle.hit(key, per_ip)
        if n > per_ip[0]:
            raise throttle.RateLimited(
                f"来自您所在网络地址的查询错误次数过多（{throttle.period(per_ip)}内最多"
                f"{per_ip[0]}次），请{throttle.minutes(left)}后再试。",
                retry_after=left,
            )
        keys.append((key, per_ip))
    key = f"track:{kind}:{number.strip().upper()}"
    n, left = throttle.hit(key, per_number)
    if n > per_number[0]:
        raise throttle.RateLimited(
            f"该编号的查询错误次数过多（{throttle.period(per_number)}内最多{per_number[0]}次），"
            f"为保护申请人信息已暂停查询，请{throttle.minutes(left)}后再试。",
            retry_after=left,
        )
    keys.append((key, per_number))
    record = find(number)
    # an unknown number is compared against a hash nothing matches: the same work either way
    stored = record.query_code_hash if record is not None else "0" * 64
    if matches(stored, number, code) and record is not None:
        for key, limit in keys:
            throttle.give_back(key, limit)
        return record
    return None
