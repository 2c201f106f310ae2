"""考核 pages: schemes, computing results, evaluations by outside supervisors, reports, and
the public results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhengwu.core.errors import Invalid, ServiceError
from zhengwu.core.params import whole_number
from zhengwu.org import permissions
from zhengwu.org.models import Agency, Jurisdiction
from zhengwu.portal.views import site_of

from . import reports, services
from .models import Indicator, Result, Scheme
from .permissions import takes_part


def _staff(user):
    if not takes_part(user):
        raise PermissionDenied


@login_required
def schemes(request):
    _staff(request.user)
    error, status = None, 200
    if request.method == "POST":
        try:
            s = services.create_scheme(
                request.POST.get("year"),
                by=request.user,
                excellent=request.POST.get("excellent") or 90,
                good=request.POST.get("good") or 80,
                passing=request.POST.get("passing") or 60,
            )
            messages.success(request, f"已建立{s.year}年度考核方案。下一步：计算考核结果。")
            return redirect(f"/workbench/assessment/{s.year}/")
        except ServiceError as e:
            error, status = e.message, e.status
    return render(
        request,
        "assessment/schemes.html",
        {"schemes": Scheme.objects.all(), "error": error, "post": request.POST},
        status=status,
    )


def _scheme_context(request, scheme, **extra):
    manual = scheme.indicators.filter(kind=Indicator.MANUAL)
    return {
        "scheme": scheme,
        "indicators": scheme.indicators.all(),
        "manual": manual,
        "results": scheme.results.order_by("group", "rank", "name"),
        "counties": Jurisdiction.objects.filter(level=Jurisdiction.COUNTY).order_by("code"),
        "departments": Agency.objects.filter(
            jurisdiction__parent__isnull=True, kind=Agency.DEPARTMENT
        ).order_by("name"),
        "can_evaluate": permissions.allows_somewhere(request.user, "assessment.evaluated"),
        "post": request.POST if request.method == "POST" else {},
        **extra,
    }


@login_required
def scheme(request, year: int):
    _staff(request.user)
    s = get_object_or_404(Scheme, year=year)
    return render(request, "assessment/scheme.html", _scheme_context(request, s))


# What each action on a scheme did and what comes next (tests/test_success_messages.py).
DONE = {
    "compute": "考核结果已计算，见下方“结果”；核对无误后可公开。",
    "publish": "考核结果已公开，公众可在“监督”栏目查看。",
    "evaluate": "评议分已记录，重新计算后计入考核结果。",
}


@login_required
@require_POST
def scheme_action(request, year: int, action: str):
    _staff(request.user)
    s = get_object_or_404(Scheme, year=year)
    try:
        if action == "compute":
            services.compute(s, by=request.user)
        elif action == "publish":
            services.publish(s, by=request.user)
        elif action == "evaluate":
            pk = whole_number(request.POST.get("indicator"))
            ind = s.indicators.filter(pk=pk).first() if pk is not None else None
            if ind is None:
                raise Invalid("请选择评议指标", code="indicator_required", field="indicator")
            target = request.POST.get("target", "")
            kind, _, pk = target.partition(":")
            j = (
                Jurisdiction.objects.filter(pk=pk, level=Jurisdiction.COUNTY).first()
                if kind == "j" and pk.isdigit()
                else None
            )
            a = Agency.objects.filter(pk=pk).first() if kind == "a" and pk.isdigit() else None
            services.evaluate(
                ind,
                score=request.POST.get("score", ""),
                comment=request.POST.get("comment", ""),
                jurisdiction=j,
                agency=a,
                by=request.user,
            )
        else:
            raise Http404
    except ServiceError as e:
        ctx = _scheme_context(request, s, error=e.message)
        return render(request, "assessment/scheme.html", ctx, status=e.status)
    messages.success(request, DONE[action])
    return redirect(f"/workbench/assessment/{s.year}/")


@login_required
def report(request, year: int, fmt: str):
    _staff(request.user)
    s = get_object_or_404(Scheme, year=year)
    return _report(s, fmt)


def _report(s, fmt):
    if fmt == "xlsx":
        return reports.xlsx_response(s)
    resp = HttpResponse(reports.pdf(s), content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="assessment-{s.year}.pdf"'
    return resp


def public_results(request, code: str | None = None, year: int | None = None):
    """Published assessment results (公开考核结果)."""
    j = site_of(code)
    published = Scheme.objects.filter(published=True)
    s = published.filter(year=year).first() if year else published.first()
    if year and s is None:
        raise Http404("该年度考核结果尚未公开")
    fmt = request.GET.get("format")
    if s and fmt in ("xlsx", "pdf"):
        return _report(s, fmt)
    results: QuerySet[Result] | list[Result] = []
    if s:
        results = s.results.order_by("group", "rank", "name")
        if j.parent_id:
            results = results.filter(jurisdiction__path__startswith=j.path) | results.filter(
                agency__scope_path__startswith=j.path
            )
    return render(
        request,
        "assessment/public.html",
        {"scheme": s, "results": results, "years": published, "j": j},
    )
