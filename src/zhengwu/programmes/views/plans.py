"""/workbench/programmes/county-plans/: a county office uploads its yearly plan and submits it;
the 州 office returns it with a reason or files it. One page per plan, one POST view for its
actions (`DONE` says what each did and what comes next)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengwu.core.errors import ServiceError
from zhengwu.org import permissions

from .. import conf, queries
from ..models import CountyPlan
from ..services import common
from ..services import plans as services
from .common import download, staff, year_of

DONE = {
    "edit": lambda p: "修改已保存，核对无误后请报送备案。",
    "submit": lambda p: (
        f"已报送备案，等待州政务公开办审核（备案截止{conf.plan_due(p.year):%m月%d日}）。"
    ),
    "return": lambda p: f"已退回{p.jurisdiction.name}修改，退回理由已告知；县市修改后将重新报送。",
    "file": lambda p: (
        f"已备案，备案号{p.filing_number}；该方案已在政府信息公开专栏的备案公示中公开。"
    ),
}


def _county_choices(user):
    return [
        c
        for c in queries.counties_visible_to(user).order_by("code")
        if permissions.allows(user, "programmes.county_plan.create", agency_id=None, path=c.path)
    ]


@login_required
def plan_list(request):
    user = staff(request)
    year = year_of(request)
    data = {"year": str(year)}
    error, status = None, 200
    if request.method == "POST":
        data = request.POST.dict()
        try:
            county = common.county_of(data.get("county"))
            if county not in _county_choices(user):
                raise Http404
            plan = services.create(county, data, request.FILES.get("file"), by=user)
        except ServiceError as e:
            error, status = e, e.status
        else:
            messages.success(request, "工作方案已上传为草稿，核对无误后请报送备案。")
            return redirect(f"/workbench/programmes/county-plans/{plan.pk}/")
    plans = queries.county_plans_visible_to(user).filter(year=year).order_by("jurisdiction__code")
    return render(
        request,
        "programmes/plans.html",
        {
            "year": year,
            "plans": plans,
            "counties": _county_choices(user),
            "late": queries.late_counties(user, year),
            "due": conf.plan_due(year),
            "data": data,
            "error": error,
        },
        status=status,
    )


def _plan(user, pk: int) -> CountyPlan:
    plan = queries.county_plans_visible_to(user).filter(pk=pk).first()
    if plan is None:
        raise Http404("没有这个工作方案，或不在您的辖区")
    return plan


def _context(user, plan, **extra) -> dict:
    parent = plan.jurisdiction.parent
    reviewer = parent is not None and permissions.allows(
        user, "programmes.county_plan.file", agency_id=None, path=parent.path
    )
    author = permissions.allows(
        user, "programmes.county_plan.submit", agency_id=None, path=plan.scope_path
    )
    return {
        "plan": plan,
        "reviewer": reviewer,
        "author": author,
        "due": conf.plan_due(plan.year),
        **extra,
    }


@login_required
def plan_page(request, pk: int):
    user = staff(request)
    plan = _plan(user, pk)
    return render(request, "programmes/plan.html", _context(user, plan, data={}))


@login_required
@require_POST
def plan_action(request, pk: int):
    user = staff(request)
    plan = _plan(user, pk)
    action = request.POST.get("action", "")
    version = request.POST.get("version")
    try:
        if action == "edit":
            services.edit(
                plan, request.POST.dict(), request.FILES.get("file"), by=user, version=version
            )
        elif action == "submit":
            services.submit(plan, by=user, version=version)
        elif action == "return":
            services.return_(plan, request.POST.get("reason"), by=user, version=version)
        elif action == "file":
            services.file(plan, by=user, version=version)
        else:
            raise Http404("没有这个操作")
    except ServiceError as e:
        return render(
            request,
            "programmes/plan.html",
            _context(user, plan, error=e, data=request.POST.dict()),
            status=e.status,
        )
    messages.success(request, DONE[action](plan))
    return redirect(f"/workbench/programmes/county-plans/{plan.pk}/")


@login_required
def plan_file(request, pk: int):
    user = staff(request)
    plan = _plan(user, pk)
    return download(plan.file, plan.file_name)
