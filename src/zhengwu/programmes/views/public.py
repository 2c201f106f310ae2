"""The public pages in the 政府信息公开 专栏: the register of filed county plans (/xxgk/bagl/),
best-practice cases (/xxgk/dxal/) and the published 以奖代补 awards (/xxgk/yjdb/). A sub-site
shows its own jurisdiction's."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import render

from zhengwu.portal.views import site_of, site_prefix

from ..models import AwardBudget, BestCase, CountyPlan
from .common import download


def _filed(j):
    return CountyPlan.objects.filter(
        state=CountyPlan.FILED, scope_path__startswith=j.path
    ).select_related("jurisdiction")


def register(request, code=None):
    j = site_of(code)
    plans = _filed(j).order_by("-year", "jurisdiction__code")
    return render(
        request,
        "programmes/public_register.html",
        {"j": j, "prefix": site_prefix(j), "plans": plans},
    )


def register_file(request, pk: int, code=None):
    plan = _filed(site_of(code)).filter(pk=pk).first()
    if plan is None:
        raise Http404("没有这个已备案的方案")
    return download(plan.file, plan.file_name)


def _cases(j):
    return BestCase.objects.filter(
        state=BestCase.PUBLISHED, scope_path__startswith=j.path
    ).select_related("jurisdiction", "agency")


def cases(request, code=None):
    j = site_of(code)
    return render(
        request,
        "programmes/public_cases.html",
        {"j": j, "prefix": site_prefix(j), "cases": _cases(j).order_by("-published_at")},
    )


def case(request, pk: int, code=None):
    j = site_of(code)
    found = _cases(j).filter(pk=pk).first()
    if found is None:
        raise Http404("没有这个案例")
    return render(
        request, "programmes/public_case.html", {"j": j, "prefix": site_prefix(j), "case": found}
    )


def case_picture(request, pk: int, code=None):
    found = _cases(site_of(code)).filter(pk=pk).first()
    if found is None or not found.picture:
        raise Http404("没有这张图片")
    return FileResponse(found.picture.open("rb"))


def awards(request, year: int | None = None, code=None):
    j = site_of(code)
    published = AwardBudget.objects.filter(state=AwardBudget.PUBLISHED)
    budget = published.filter(year=year).first() if year else published.first()
    if year and budget is None:
        raise Http404("该年度的以奖代补结果尚未公布")
    rows = (
        budget.awards.filter(jurisdiction__path__startswith=j.path).select_related("jurisdiction")
        if budget
        else []
    )
    return render(
        request,
        "programmes/public_awards.html",
        {"j": j, "prefix": site_prefix(j), "budget": budget, "rows": rows, "years": published},
    )
