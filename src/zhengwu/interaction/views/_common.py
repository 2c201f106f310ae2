"""What the 政民互动 pages share: the site, the CAPTCHA, the staff-only gate, a 429 page."""

from __future__ import annotations

import datetime as dt
import functools

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from zhengwu.core import captcha, throttle
from zhengwu.org.models import User
from zhengwu.portal import errors
from zhengwu.portal.views import site_of, site_prefix


def rate_limited(request, exc: throttle.RateLimited):
    return errors.page(
        request,
        429,
        text=exc.message,
        retry_after=exc.retry_after,
        template="interaction/rate_limited.html",
    )


def _site(code):
    j = site_of(code)
    return j, site_prefix(j)


def _anonymous(request) -> bool:
    return not request.user.is_authenticated


def _captcha(request) -> dict | None:
    return captcha.new_challenge(request.session) if _anonymous(request) else None


def _month(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{value}-01")
    except (TypeError, ValueError):
        today = timezone.localdate()
        return today.replace(day=1)


def staff_required(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if request.user.kind != User.STAFF:
            return render(
                request,
                "portal/error.html",
                {"title": "无权访问", "text": "工作台仅供工作人员使用。"},
                status=403,
            )
        return view(request, *args, **kwargs)

    return functools.wraps(view)(wrapped)


def _pk(value) -> int:
    """A row id from a form field; anything else finds nothing (404), never a 500."""
    value = str(value or "")
    return int(value) if value.isdigit() and len(value) < 18 else 0
