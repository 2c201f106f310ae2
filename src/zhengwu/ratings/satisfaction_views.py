"""满意度 pages: the public one (/jd/satisfaction/ on every site), the staff one scoped to the
viewer (/workbench/ratings/satisfaction/) and the office's table of the province's published
figures (/workbench/ratings/province/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengwu.core.errors import ServiceError
from zhengwu.disclosure import files as upload
from zhengwu.org import queries as org_queries
from zhengwu.org import scopes
from zhengwu.org.models import Jurisdiction, User
from zhengwu.portal.views import site_of, site_prefix

from . import province, satisfaction
from .models import ProvinceFigure


def _error(request, e: ServiceError):
    return render(
        request, "portal/error.html", {"title": "请求有误", "text": e.message}, status=e.status
    )


def _county_or_above(j: Jurisdiction) -> Jurisdiction:
    """A township's or a village's page shows its county's figures."""
    while j.level in (Jurisdiction.TOWNSHIP, Jurisdiction.VILLAGE) and j.parent is not None:
        j = j.parent
    return j


def public_satisfaction(request, code: str | None = None):
    j = _county_or_above(site_of(code))
    try:
        year = satisfaction.parse_year(request.GET.get("year"), today=timezone.localdate())
    except ServiceError as e:
        return _error(request, e)
    return render(
        request,
        "ratings/satisfaction.html",
        {
            "r": satisfaction.report(j, year),
            "prefix": site_prefix(j),
            "public": True,
            "years": _years(),
        },
    )


def _years() -> list[int]:
    this = timezone.localdate().year
    return list(range(this, this - 6, -1))


def _scope(user, code: str) -> tuple[Jurisdiction, int | None]:
    """The jurisdiction the viewer may read (a role over it or above) or, for a role over one
    body only, that body's figures in its jurisdiction."""
    held = scopes.assignments(user)
    if not held and not user.is_superuser:
        raise PermissionDenied
    if code:
        j = Jurisdiction.objects.filter(code=code).first()
        if j is None:
            raise Http404("没有这个区划")
        if scopes.covers(user, agency_id=None, path=j.path):
            return j, None
        body = next(
            (a for a in held if a.agency is not None and a.agency.jurisdiction_id == j.pk), None
        )
        if body is None:
            raise Http404("该区划不在您的管理范围内")
        return j, body.agency_id
    areas = sorted((a for a in held if a.jurisdiction_id), key=lambda a: a.path)
    if areas:
        return areas[0].jurisdiction, None  # type: ignore[return-value]
    if user.is_superuser:
        root = org_queries.root()
        if root is None:
            raise Http404("尚未导入行政区划")
        return root, None
    first = held[0]
    assert first.agency is not None
    return first.agency.jurisdiction, first.agency_id


@login_required
def wb_satisfaction(request):
    user = request.user
    if user.kind != User.STAFF and not user.is_superuser:
        raise PermissionDenied
    j, agency_id = _scope(user, request.GET.get("jurisdiction", "").strip())
    try:
        year = satisfaction.parse_year(request.GET.get("year"), today=timezone.localdate())
    except ServiceError as e:
        return _error(request, e)
    r = satisfaction.report(j, year, agency_id)
    return render(
        request,
        "ratings/satisfaction.html",
        {
            "r": r,
            "public": False,
            "years": _years(),
            "agency_only": agency_id is not None,
            "may_enter": province.may_enter(user),
        },
    )


def _province_context(**extra) -> dict:
    return {"figures": ProvinceFigure.objects.all()[:300], "form": {}, **extra}


def _office(request):
    if not province.may_enter(request.user):
        raise PermissionDenied
    return request.user


@login_required
def wb_province(request):
    """The province's figures: enter one, or correct the one of the same year and region."""
    user = _office(request)
    if request.method != "POST":
        return render(request, "ratings/province.html", _province_context())
    form = {
        k: request.POST.get(k, "").strip()
        for k in ("year", "region", "good_rate", "source", "link")
    }
    try:
        figure = province.save(form, by=user)
    except ServiceError as e:
        ctx = _province_context(form=form, error=e)
        return render(request, "ratings/province.html", ctx, status=e.status)
    messages.success(
        request,
        f"已录入{figure.year}年{figure.region}好评率{figure.good_rate}%；"
        "满意度页面已按新数据显示排名。",
    )
    return redirect("/workbench/ratings/province/")


@login_required
@require_POST
def wb_province_delete(request, pk: int):
    user = _office(request)
    figure = ProvinceFigure.objects.filter(pk=pk).first()
    if figure is None:
        raise Http404("没有这条数据")
    province.delete(figure, by=user)
    messages.success(request, f"已删除{figure.year}年{figure.region}的好评率，排名按其余数据计算。")
    return redirect("/workbench/ratings/province/")


@login_required
@require_POST
def wb_province_import(request):
    user = _office(request)
    sheet = request.FILES.get("file")
    try:
        data = upload.read_upload(sheet, what="数据表")
        suffix = ".csv" if sheet.name.lower().endswith(".csv") else ".xlsx"
        report = province.import_file(
            data, by=user, suffix=suffix, partial=request.POST.get("partial") == "1"
        )
    except ServiceError as e:
        ctx = _province_context(import_error=e)
        return render(request, "ratings/province.html", ctx, status=e.status)
    if report.errors and not report.loaded:
        return render(
            request, "ratings/province.html", _province_context(report=report), status=422
        )
    messages.success(
        request,
        f"已录入{report.loaded}条全省好评率数据"
        + (f"，{len(report.errors)}行有误未录入，请修改后重新导入这些行" if report.errors else "")
        + "；满意度页面已按新数据显示排名。",
    )
    return redirect("/workbench/ratings/province/")
