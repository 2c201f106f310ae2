"""行政投诉: the public form and the supervision office's pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from zhengwu.core import clock, throttle
from zhengwu.core.errors import Invalid, ServiceError
from zhengwu.core.idempotency import idempotent
from zhengwu.core.middleware import client_ip
from zhengwu.core.words import chinese_date
from zhengwu.org.models import Agency, User, Window

from .. import conf, queries, services
from ..done import COMPLAINT_DONE
from ..models import Complaint
from ._common import _site, rate_limited, staff_required


@login_required
@idempotent
def complain(request, code=None):
    j, prefix = _site(code)
    if request.user.kind == User.STAFF:
        return render(
            request,
            "portal/error.html",
            {"title": "无法投诉", "text": "请使用公众账户登录后投诉。"},
            status=403,
        )
    agencies = Agency.objects.filter(is_active=True, scope_path__startswith=j.path).order_by(
        "scope_path", "name"
    )
    windows = Window.objects.filter(centre__scope_path__startswith=j.path).select_related("centre")
    context = {
        "prefix": prefix,
        "agencies": agencies[:300],
        "windows": windows[:200],
        "about": Complaint.ABOUT,
        "data": request.POST,
        "mine": queries.complaints_of(request.user)[:20],
    }
    if request.method == "POST":
        data = request.POST
        try:
            throttle.check_rate(
                "complaint",
                user=request.user,
                ip=client_ip(request),
                per_account=conf.message_rate_per_account(),
                per_ip=conf.public_post_rate_per_ip(),
            )
            window = None
            if data.get("window", "").isdigit():
                window = Window.objects.filter(pk=int(data["window"])).first()
            agency_id = data.get("agency", "")
            agency = (
                Agency.objects.filter(pk=int(agency_id), is_active=True).first()
                if agency_id.isdigit()
                else None
            )
            if agency is None and window is not None:
                agency = window.agencies.first()
            if agency is None:
                raise Invalid("请选择被投诉的单位", code="agency_required", field="agency")
            complaint = services.file_complaint(
                about=data.get("about", ""),
                agency=agency,
                title=data.get("title", ""),
                body=data.get("body", ""),
                reference=data.get("reference", ""),
                window=window,
                phone=data.get("phone", ""),
                by=request.user,
            )
        except throttle.RateLimited as e:
            return rate_limited(request, e)
        except ServiceError as e:
            context["error"] = e.message
            return render(request, "interaction/complain.html", context, status=e.status)
        context.update(data={}, mine=queries.complaints_of(request.user)[:20])
        messages.success(
            request,
            f"投诉已提交，编号{complaint.number}，电子监察机构将在{chinese_date(complaint.due_on)}"
            "前作出是否受理的决定。",
        )
        return render(request, "interaction/complain.html", context, status=201)
    return render(request, "interaction/complain.html", context)


@staff_required
def wb_complaints(request):
    qs = queries.complaints_visible_to(request.user).order_by("state", "due_on")
    return render(request, "interaction/wb_complaints.html", {"items": qs[:200]})


@staff_required
def wb_complaint(request, pk: int):
    c = get_object_or_404(queries.complaints_visible_to(request.user), pk=pk)
    status, error = 200, None
    if request.method == "POST":
        p = request.POST
        try:
            if p.get("action") in ("accept", "decline"):
                services.decide_complaint(
                    c,
                    accept_it=p["action"] == "accept",
                    reason=p.get("reason", ""),
                    by=request.user,
                    version=p.get("version"),
                )
            elif p.get("action") == "answer":
                services.answer_complaint(
                    c, text=p.get("text", ""), by=request.user, version=p.get("version")
                )
            else:
                raise Invalid("未知的操作", code="bad_action")
            c.refresh_from_db()
            messages.success(request, COMPLAINT_DONE[p["action"]](c))
            return redirect(f"/workbench/interaction/complaints/{c.pk}/")
        except ServiceError as e:
            status, error = e.status, e.message
    return render(
        request,
        "interaction/wb_complaint.html",
        {
            "c": c,
            "error": error,
            "clocks": clock.clocks_of(c).order_by("id"),
            "data": request.POST,
        },
        status=status,
    )
