"""好差评 pages: the window tablet (一次一评), the village agent's form, the units' and the
supervision office's workbench, and the monthly public results."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengwu.core import xlsx
from zhengwu.core.errors import Invalid, ServiceError
from zhengwu.core.idempotency import idempotent
from zhengwu.core.params import whole_number
from zhengwu.org import permissions, scopes
from zhengwu.org.models import Agency, Role, Window
from zhengwu.portal.views import site_of, site_prefix

from . import queries, services, stats
from .models import Appeal, BadReason, Invitation, Rating, Rectification

FOLLOW_UP = "差评将由办理单位第一时间回访核实并整改。"
RECORDED = "您的评价已记录。" + FOLLOW_UP


def _form_context(channel, post=None, **extra):
    dims = Rating.ONLINE_DIMENSIONS if channel == Rating.ONLINE else Rating.OFFLINE_DIMENSIONS
    post = post or {}
    return {
        "levels": Rating.LEVELS,
        "dimensions": [(k, label, post.get(f"dim_{k}", "")) for k, label in dims],
        "reasons": BadReason.objects.filter(active=True),
        "chosen_reasons": post.getlist("reasons") if hasattr(post, "getlist") else [],
        "post": post,
        **extra,
    }


def _dims_from(post, channel):
    dims = Rating.ONLINE_DIMENSIONS if channel == Rating.ONLINE else Rating.OFFLINE_DIMENSIONS
    return {k: post[f"dim_{k}"] for k, _ in dims if post.get(f"dim_{k}")}


@idempotent
def window_tablet(request, window_id: int):
    """一次一评 on the window's tablet: no login, the window's token in the address."""
    window = get_object_or_404(Window.objects.select_related("centre"), pk=window_id)
    token = request.POST.get("t") or request.GET.get("t", "")
    if not services.check_window_token(window, token):
        raise PermissionDenied
    agencies = list(window.agencies.all())
    if request.method == "POST":
        try:
            if not agencies:
                raise Invalid("该窗口尚未设置进驻单位，暂不能评价", code="no_agency")
            agency = next(
                (a for a in agencies if str(a.pk) == request.POST.get("agency")), agencies[0]
            )
            services.rate(
                None,
                level=request.POST.get("level"),
                channel=Rating.WINDOW,
                agency=agency,
                window=window,
                dimensions=_dims_from(request.POST, Rating.WINDOW),
                reasons=request.POST.getlist("reasons"),
                comment=request.POST.get("comment", ""),
                rater_phone=request.POST.get("phone", "").strip()[:20],
            )
        except ServiceError as e:
            ctx = _form_context(
                Rating.WINDOW,
                request.POST,
                window=window,
                token=token,
                agencies=agencies,
                error=e.message,
            )
            return render(request, "ratings/window.html", ctx, status=e.status)
        messages.success(request, RECORDED)
        return render(request, "ratings/thanks.html", {"window": window, "token": token})
    ctx = _form_context(Rating.WINDOW, None, window=window, token=token, agencies=agencies)
    return render(request, "ratings/window.html", ctx)


@login_required
@idempotent
def rate_invitation(request, pk: int):
    """网上一事一评 of a completed case or an answered request, by the invited owner only."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("agency"), pk=pk, rater=request.user
    )
    if invitation.state != Invitation.PENDING:
        return render(
            request,
            "portal/error.html",
            {"title": "已经评价", "text": "该事项已经评价过（一事一评）"},
            status=409,
        )
    if request.method == "POST":
        try:
            services.rate_invitation(
                invitation,
                by=request.user,
                level=request.POST.get("level"),
                dimensions=_dims_from(request.POST, Rating.ONLINE),
                reasons=request.POST.getlist("reasons"),
                comment=request.POST.get("comment", ""),
                version=request.POST.get("version"),
            )
        except ServiceError as e:
            ctx = _form_context(Rating.ONLINE, request.POST, invitation=invitation, error=e.message)
            return render(request, "ratings/rate.html", ctx, status=e.status)
        messages.success(request, f"您对“{invitation.title}”的评价已记录。" + FOLLOW_UP)
        return render(request, "ratings/rated.html", {"invitation": invitation})
    ctx = _form_context(Rating.ONLINE, None, invitation=invitation)
    return render(request, "ratings/rate.html", ctx)


@login_required
@idempotent
def agent_record(request):
    """The village agent records a villager's rating of a matter filed on their behalf."""
    if not scopes.has_role(request.user, Role.VILLAGE_AGENT):
        raise PermissionDenied
    rooms = [a.jurisdiction for a in scopes.assignments(request.user, [Role.VILLAGE_AGENT])]
    county_paths = ["/".join(j.path.split("/")[:2]) + "/" for j in rooms]
    agencies = Agency.objects.filter(scope_path__in=county_paths, is_active=True).order_by("name")
    if request.method == "POST":
        try:
            agency = agencies.filter(pk=whole_number(request.POST.get("agency"))).first()
            if agency is None:
                raise Invalid("请选择办理单位", code="agency_required", field="agency")
            services.rate(
                None,
                level=request.POST.get("level"),
                channel=Rating.AGENT,
                agency=agency,
                by=request.user,
                dimensions=_dims_from(request.POST, Rating.AGENT),
                reasons=request.POST.getlist("reasons"),
                comment=request.POST.get("comment", ""),
            )
        except ServiceError as e:
            ctx = _form_context(Rating.AGENT, request.POST, agencies=agencies, error=e.message)
            return render(request, "ratings/agent.html", ctx, status=e.status)
        messages.success(request, "评价已代为记录，可继续代录下一位村民的评价。")
        return redirect("/workbench/ratings/record/")
    ctx = _form_context(Rating.AGENT, None, agencies=agencies)
    return render(request, "ratings/agent.html", ctx)


@login_required
def bad_list(request):
    qs = queries.ratings_visible_to(request.user)
    if not qs.exists() and not scopes.has_role(request.user, *queries.SEE_ROLES):
        raise PermissionDenied
    qs = qs.filter(level__lte=Rating.BAD_MAX).select_related("rectification")
    return render(
        request,
        "ratings/list.html",
        {"ratings": qs[:200], "appeals": queries.appeals_pending_for(request.user)},
    )


def _detail_context(request, rating, **extra):
    rect = getattr(rating, "rectification", None)
    user = request.user
    unit = permissions.allows(
        user, "ratings.callback", agency_id=rating.agency_id, path=rating.scope_path
    )
    reviewer = permissions.allows(
        user, "ratings.appeal_upheld", agency_id=None, path=rating.scope_path
    )
    from zhengwu.core import clock

    return {
        "rating": rating,
        "rect": rect,
        "clock": clock.clocks_of(rect).first() if rect else None,
        "unit": unit and rating.state == Rating.VALID,
        "reviewer": reviewer,
        "ways": Rectification.WAYS,
        "grounds": Appeal.GROUNDS,
        "appeals": rating.appeals.all(),
        "pending_appeal": rating.appeals.filter(decision=Appeal.PENDING).first(),
        "post": request.POST if request.method == "POST" else {},
        **extra,
    }


@login_required
def detail(request, pk: int):
    rating = get_object_or_404(queries.ratings_visible_to(request.user), pk=pk)
    return render(request, "ratings/detail.html", _detail_context(request, rating))


# What each step of a bad rating's rectification did and what comes next (the form as sent);
# tests/test_success_messages.py walks every one.
DONE = {
    "callback": lambda p: "已记录回访核实情况。下一步：整改，完成后登记整改情况。",
    "fix": lambda p: "已登记整改情况。下一步：向评价人反馈并记录其是否满意。",
    "feedback": lambda p: "已记录评价人反馈，整改办结。",
    "appeal": lambda p: "已提出申诉，待电子监察机构复核。",
    "decide": lambda p: (
        "已复核：申诉成立，该差评剔除，不计入统计。"
        if p.get("uphold") == "yes"
        else "已复核：申诉不成立，维持原评价。"
    ),
}


@login_required
@require_POST
def act(request, pk: int, step: str):
    rating = get_object_or_404(queries.ratings_visible_to(request.user), pk=pk)
    rect = getattr(rating, "rectification", None)
    p = request.POST
    version = p.get("version")  # as the page showed the record acted on
    try:
        if step in ("callback", "fix", "feedback"):
            if rect is None:
                raise Invalid("该评价不是差评，无需整改", code="not_bad")
            if step == "callback":
                services.callback(
                    rect,
                    note=p.get("note", ""),
                    way=p.get("way", ""),
                    by=request.user,
                    version=version,
                )
            elif step == "fix":
                services.fix(rect, note=p.get("note", ""), by=request.user, version=version)
            else:
                satisfied = {"yes": True, "no": False}.get(p.get("satisfied", ""))
                services.feedback(
                    rect,
                    note=p.get("note", ""),
                    satisfied=satisfied,
                    by=request.user,
                    version=version,
                )
        elif step == "appeal":
            services.appeal(
                rating, ground=p.get("ground", ""), reason=p.get("reason", ""), by=request.user
            )
        elif step == "decide":
            a = get_object_or_404(rating.appeals, decision=Appeal.PENDING)
            if p.get("uphold") not in ("yes", "no"):
                raise Invalid("请选择复核结论", code="decision_required", field="uphold")
            services.decide_appeal(
                a,
                uphold=p["uphold"] == "yes",
                reason=p.get("reason", ""),
                by=request.user,
                version=version,
            )
        else:
            raise Invalid("未知的操作", code="bad_step")
    except ServiceError as e:
        rating.refresh_from_db()
        ctx = _detail_context(request, rating, error=e.message, error_step=step)
        return render(request, "ratings/detail.html", ctx, status=e.status)
    messages.success(request, DONE[step](p))
    return redirect(f"/workbench/ratings/{rating.pk}/")


def public_monthly(request, code: str | None = None):
    """好差评 results published monthly per agency, window and item."""
    j = site_of(code)
    month = request.GET.get("month") or (
        timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    ).strftime("%Y-%m")
    by = request.GET.get("by", "agency")
    try:
        rows = stats.monthly(j, month, by)
    except ServiceError as e:
        return render(
            request, "portal/error.html", {"title": "请求有误", "text": e.message}, status=e.status
        )
    headers = [
        "名称",
        "评价数",
        "好评率",
        "主动评价好评率",
        "未评率",
        "差评数",
        "差评回复率",
        "回访整改率",
        "整改满意率",
    ]
    keys = [
        "total",
        "good_rate",
        "active_good_rate",
        "unrated_rate",
        "bad",
        "bad_reply_rate",
        "bad_fix_rate",
        "fix_satisfaction_rate",
    ]
    if request.GET.get("format") == "xlsx":
        return xlsx.response(
            f"好差评-{j.name}-{month}",
            [("好差评", headers, [[r["name"]] + [r[k] for k in keys] for r in rows])],
        )
    return render(
        request,
        "ratings/monthly.html",
        {
            "j": j,
            "rows": rows,
            "month": month,
            "by": by,
            "prefix": site_prefix(j),
            "headers": headers,
        },
    )
