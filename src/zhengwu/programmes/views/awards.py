"""/workbench/programmes/awards/<year>/: the 州 office's 以奖代补 — budget and grade weights,
the proposal from the year's 考核 results, adjustments with a reason, a second officer's
审定, publication. One POST view for its actions (`DONE`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengwu.core.errors import ServiceError

from ..models import AwardBudget
from ..models.awards import DEFAULT_WEIGHTS
from ..services import awards as services
from ..services import common
from .common import staff

DONE = {
    "budget": lambda b: f"已设定{b.year}年度奖补资金{b.amount}元。下一步：按考核结果拟定分配方案。",
    "propose": lambda b: f"已按{b.year}年度考核结果拟定分配方案，请另一位管理员审定。",
    "adjust": lambda b: "金额已调整，调整理由已记录；请另一位管理员审定。",
    "approve": lambda b: "分配方案已审定。下一步：公布分配结果。",
    "publish": lambda b: "分配结果已在政府信息公开专栏公布。",
}


def _office(request):
    user = staff(request)
    if not common.may_prefecture(user, "programmes.award.budget"):
        raise PermissionDenied
    return user


@login_required
def awards_home(request):
    _office(request)
    return redirect(f"/workbench/programmes/awards/{timezone.localdate().year}/")


def _context(year, budget, **extra):
    weights = budget.weights if budget else DEFAULT_WEIGHTS
    return {
        "year": year,
        "budget": budget,
        "awards": budget.awards.select_related("jurisdiction") if budget else [],
        "weights": [(g, weights.get(g, d)) for g, d in DEFAULT_WEIGHTS.items()],
        "results": services.county_results(year),
        "total": sum(a.amount for a in budget.awards.all()) if budget else 0,
        "budgets": AwardBudget.objects.all()[:10],
        **extra,
    }


@login_required
def awards_year(request, year: int):
    _office(request)
    budget = AwardBudget.objects.filter(year=year).first()
    return render(request, "programmes/awards.html", _context(year, budget, data={}))


@login_required
@require_POST
def awards_action(request, year: int):
    user = _office(request)
    action = request.POST.get("action", "")
    version = request.POST.get("version")
    budget = AwardBudget.objects.filter(year=year).first()
    try:
        if action == "budget":
            budget = services.set_budget(year, request.POST.dict(), by=user)
        elif budget is None:
            raise Http404("请先设定该年度的奖补资金")
        elif action == "propose":
            services.propose(budget, by=user, version=version)
        elif action == "adjust":
            p = request.POST
            services.adjust(
                budget, p.get("county"), p.get("amount"), p.get("reason"), by=user, version=version
            )
        elif action == "approve":
            services.approve(budget, by=user, version=version)
        elif action == "publish":
            services.publish(budget, by=user, version=version)
        else:
            raise Http404("没有这个操作")
    except ServiceError as e:
        return render(
            request,
            "programmes/awards.html",
            _context(year, budget, error=e, data=request.POST.dict()),
            status=e.status,
        )
    budget.refresh_from_db()
    messages.success(request, DONE[action](budget))
    return redirect(f"/workbench/programmes/awards/{year}/")
