"""What the request pages share: the staff-only guard, the applicant's own request, the tracking
page."""

from __future__ import annotations

import functools

from django.http import Http404
from django.shortcuts import redirect, render

from zhengwu.core.errors import NotAllowed, NotFound
from zhengwu.core.throttle import RateLimited
from zhengwu.org.models import User

from . import queries
from .models import Request


def track_page(request, ctx: dict, status: int):
    response = render(request, "disclosure_requests/track.html", ctx, status=status)
    if isinstance(ctx.get("error"), RateLimited):
        response["Retry-After"] = str(ctx["error"].retry_after)
    return response


def mine_get(request, number) -> Request:
    req = queries.mine(request.user).filter(number=number).first()
    if req is None:
        raise Http404("未找到该申请")
    return req


def forbidden(request, message="您无权访问该页面"):
    return render(request, "portal/error.html", {"title": "无权访问", "text": message}, status=403)


def staff_only(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        if request.user.kind != User.STAFF:
            return forbidden(request)
        try:
            return view(request, *args, **kwargs)
        except NotAllowed as e:
            return forbidden(request, e.message)
        except NotFound as e:
            return render(
                request, "portal/error.html", {"title": "未找到", "text": e.message}, status=404
            )

    return functools.wraps(view)(wrapped)
