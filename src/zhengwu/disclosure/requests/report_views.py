"""The annual report pages: the staff list and editor, and the published report with its files."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from zhengwu.core.errors import NotAllowed, ServiceError
from zhengwu.core.params import whole_number
from zhengwu.org.models import Agency, Role
from zhengwu.portal.views import site_of, site_prefix

from . import annual, queries, services
from . import render as outputs
from .permissions import REPORT_EDITORS
from .view_helpers import staff_only


@staff_only
def wb_reports(request):
    """Annual reports in scope, with their statutory due dates."""
    year = whole_number(request.GET.get("year")) or services.today().year - 1
    agencies = (
        queries.agencies_for(request.user, REPORT_EDITORS + [Role.SUPERVISOR])
        .select_related("jurisdiction")
        .order_by("scope_path", "kind", "name")[:300]
    )
    published = dict(
        queries.reports_visible_to(request.user)
        .filter(year=year)
        .values_list("agency_id", "published_at")
    )
    today = services.today()
    rows = [
        {
            "agency": a,
            "due": services.report_due(a, year),
            "published_at": published.get(a.pk),
            "overdue": not published.get(a.pk) and today > services.report_due(a, year),
        }
        for a in agencies
    ]
    return render(request, "disclosure_requests/wb_reports.html", {"rows": rows, "year": year})


@staff_only
def wb_report(request, usci, year):
    agency = services.get_agency(usci)
    if not queries.can_edit_report(request.user, agency):
        raise NotAllowed("您无权编辑该机关的年度报告")
    error, status = None, 200
    if request.method == "POST":
        try:
            # 发布 saves what is in the form first: a refused publication keeps it.
            if "overview" in request.POST or not request.POST.get("publish"):
                services.save_report(
                    agency,
                    year,
                    overview=request.POST.get("overview", ""),
                    problems=request.POST.get("problems", ""),
                    other_matters=request.POST.get("other_matters", ""),
                    by=request.user,
                    penalty_decisions=request.POST.get("penalty_decisions"),
                    enforcement_decisions=request.POST.get("enforcement_decisions"),
                )
            if request.POST.get("publish"):
                services.publish_report(agency, year, by=request.user)
                messages.success(
                    request, f"{year}年度报告已发布，公众可在本机关的信息公开栏目查看。"
                )
            else:
                messages.success(request, "年度报告草稿已保存，核对无误后请发布。")
            return redirect(f"/workbench/requests/reports/{usci}/{year}/")
        except ServiceError as e:
            error, status = e, e.status
    data = annual.build(agency, year)
    return render(
        request,
        "disclosure_requests/wb_report.html",
        {"agency": agency, "data": data, "error": error, **_layouts(data)},
        status=status,
    )


# ---------------------------------------------------------------- the annual report, public


def _layouts(data: dict) -> dict:
    c2, n2, _ = annual.layout2(data["table2"])
    c3, n3, _ = annual.layout3(data["table3"])
    c4, n4, _ = annual.layout4(data["table4"])
    return {
        "rows2": annual.html_rows(c2, n2),
        "rows3": annual.html_rows(c3, n3),
        "rows4": annual.html_rows(c4, n4),
    }


def _report_data(request, agency: Agency, year: int) -> tuple[dict | None, int]:
    data = annual.build(agency, year)
    if data["published_at"] or queries.can_edit_report(request.user, agency):
        return data, 200
    return None, 404


def annual_report(request, usci, year=None, code=None):
    """xxgk/<usci>/annual-report/[<year>/]: the published report (a draft for its editors)."""
    j = site_of(code)
    agency = services.get_agency_or_404(usci)
    years = list(
        agency.annual_reports.filter(published_at__isnull=False).values_list("year", flat=True)
    )
    if year is None:
        year = max(years) if years else services.today().year - 1
    if not 2008 <= year <= services.today().year:
        raise Http404("没有该年度")
    data, status = _report_data(request, agency, year)
    ctx = {
        "agency": agency,
        "year": year,
        "years": sorted(years, reverse=True),
        "data": data,
        "due": services.report_due(agency, year),
        "prefix": site_prefix(j),
        "site_jurisdiction": j,
    }
    if data:
        ctx |= _layouts(data)
    return render(request, "disclosure_requests/annual_report.html", ctx, status=status)


def annual_report_file(request, usci, year, fmt, code=None):
    if fmt not in ("pdf", "xlsx"):
        raise Http404("不支持的格式")
    agency = services.get_agency_or_404(usci)
    data, status = _report_data(request, agency, year)
    if data is None:
        raise Http404("该年度报告尚未发布")
    if fmt == "pdf":
        body, ctype = outputs.report_pdf(data), "application/pdf"
    else:
        body = outputs.report_xlsx(data)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="annual-report-{usci}-{year}.{fmt}"'
    return response
