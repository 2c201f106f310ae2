"""考核 pages: schemes, computing results, evaluations by outside supervisors, reports, and
the public results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhengwu.core.errors import Invalid, ServiceError
from zhengwu.core.params import whole_number
from zhengwu.interaction.models import Survey
from zhengwu.org import permissions
from zhengwu.org.models import Agency, Jurisdiction
from zhengwu.portal.views import site_of

from . import catalogue, editing, reports, services
from .history import source_label, total_weight
from .models import Evaluation, Evidence, Indicator, Result, Scheme
from .permissions import edits, takes_part


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


def _evaluations(user):
    """Who runs the scheme sees every evaluation; an evaluator (外部监督员) sees their own."""
    if edits(user):
        return Evaluation.objects.all()
    return Evaluation.objects.filter(evaluator=user)


def _scheme_context(request, scheme, **extra):
    manual = scheme.indicators.filter(kind=Indicator.MANUAL)
    indicators = list(scheme.indicators.select_related("survey"))
    for i in indicators:
        i.source = source_label(i)  # type: ignore[attr-defined]
    total = total_weight(scheme)
    return {
        "scheme": scheme,
        "indicators": indicators,
        "total": total,
        "total_ok": total == 100,
        "drafting": scheme.state == Scheme.DRAFTING,
        "can_edit": edits(request.user),
        "sources": catalogue.choices(),
        "kinds": Indicator.KINDS,
        "surveys": Survey.objects.select_related("agency").order_by("-opens_on")[:50],
        "survey_indicators": [i for i in indicators if i.kind == Indicator.SURVEY],
        "manual": manual,
        "evaluations": _evaluations(request.user)
        .filter(indicator__scheme=scheme)
        .select_related("indicator", "agency", "jurisdiction")
        .prefetch_related("evidence"),
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
    "add": "指标已增加，已记为新版本。下一步：核对权重合计为100分后开始评分。",
    "copy": "已沿用上年度指标体系，已记为新版本。下一步：按本年度要求调整后开始评分。",
    "link": "已关联公众评议问卷，计算结果时按答卷计分。",
    "start": "已开始评分，指标体系已冻结。下一步：评议打分，然后计算考核结果。",
    "compute": "考核结果已计算，见下方“结果”；核对无误后可公开。",
    "publish": "考核结果已公开，公众可在“监督”栏目查看。",
    "evaluate": "评议分已记录，重新计算后计入考核结果。",
}
# What the indicator form did (change or remove).
INDICATOR_DONE = {
    "change": "指标已修改，已记为新版本。下一步：核对权重合计为100分后开始评分。",
    "remove": "指标已删除，已记为新版本。下一步：核对权重合计为100分后开始评分。",
}


@login_required
@require_POST
def scheme_action(request, year: int, action: str):
    _staff(request.user)
    s = get_object_or_404(Scheme, year=year)
    try:
        version = request.POST.get("version")
        if action == "add":
            editing.add_indicator(s, request.POST.dict(), by=request.user, version=version)
        elif action == "copy":
            editing.copy_last_year(s, by=request.user, version=version)
        elif action == "link":
            editing.link_survey(
                _indicator(s, request.POST.get("indicator")),
                request.POST.get("survey", ""),
                by=request.user,
                version=version,
            )
        elif action == "start":
            editing.start_scoring(s, by=request.user, version=version)
        elif action == "compute":
            services.compute(s, by=request.user)
        elif action == "publish":
            services.publish(s, by=request.user)
        elif action == "evaluate":
            ind = _indicator(s, request.POST.get("indicator"))
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
                evidence=request.FILES.getlist("evidence"),
            )
        else:
            raise Http404
    except ServiceError as e:
        ctx = _scheme_context(request, s, error=e.message)
        return render(request, "assessment/scheme.html", ctx, status=e.status)
    messages.success(request, DONE[action])
    return redirect(f"/workbench/assessment/{s.year}/")


def _indicator(s: Scheme, pk) -> Indicator:
    n = whole_number(pk)
    ind = s.indicators.filter(pk=n).first() if n is not None else None
    if ind is None:
        raise Invalid("请选择指标", code="indicator_required", field="indicator")
    return ind


@login_required
def indicator(request, year: int, pk: int):
    """One indicator's form: change it (POST) or remove it (POST remove=1)."""
    _staff(request.user)
    s = get_object_or_404(Scheme, year=year)
    ind = get_object_or_404(Indicator, scheme=s, pk=pk)
    error, status = None, 200
    if request.method == "POST":
        version = request.POST.get("version")
        removing = request.POST.get("remove") == "1"
        try:
            if removing:
                editing.remove_indicator(ind, by=request.user, version=version)
            else:
                editing.change_indicator(ind, request.POST.dict(), by=request.user, version=version)
        except ServiceError as e:
            error, status = e.message, e.status
        else:
            messages.success(request, INDICATOR_DONE["remove" if removing else "change"])
            return redirect(f"/workbench/assessment/{s.year}/")
    return render(
        request,
        "assessment/indicator.html",
        {
            "scheme": s,
            "ind": ind,
            "sources": catalogue.choices(),
            "kinds": Indicator.KINDS,
            "error": error,
            "post": request.POST if request.method == "POST" else {},
        },
        status=status,
    )


@login_required
def history(request, year: int):
    _staff(request.user)
    s = get_object_or_404(Scheme, year=year)
    return render(
        request,
        "assessment/history.html",
        {"scheme": s, "versions": s.versions.select_related("by")},
    )


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


@login_required
def evidence(request, year: int, pk: int):
    """A 佐证材料 file, for those who take part in the scheme."""
    _staff(request.user)
    item = get_object_or_404(
        Evidence,
        pk=pk,
        evaluation__indicator__scheme__year=year,
        evaluation__in=_evaluations(request.user),
    )
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.name,
        content_type=item.content_type,
    )
