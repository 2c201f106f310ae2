"""网站检查 pages: the openness office's view of every site's quarterly result (at a glance,
filterable, and each site's findings with their pages), running the check, the site's
工作年度报表 (generate, fill in, publish) and its public page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengwu.core.errors import ServiceError
from zhengwu.core.params import whole_number
from zhengwu.org import permissions, scopes
from zhengwu.org.models import Jurisdiction, Role
from zhengwu.portal import pagecache
from zhengwu.portal.views import site_of
from zhengwu.websites.models import Site

from . import annual, queries, services
from .models import AnnualReport, Finding, SiteCheck
from .permissions import sees_checks


def _staff(user):
    if not sees_checks(user):
        raise PermissionDenied


@login_required
def glance(request):
    _staff(request.user)
    g = request.GET
    year, quarter = whole_number(g.get("year")), whole_number(g.get("quarter"))
    checks, period = queries.glance(
        request.user,
        year=year,
        quarter=quarter,
        level=g.get("level", ""),
        county=g.get("county", ""),
        result=g.get("result", ""),
    )
    rows = list(checks[:500])
    return render(
        request,
        "website_checks/glance.html",
        {
            "checks": rows,
            "total": checks.count(),
            "failed": checks.filter(result=SiteCheck.FAIL).count(),
            "period": period,
            "levels": Site.LEVELS,
            "results": SiteCheck.RESULTS,
            "counties": Jurisdiction.objects.filter(level=Jurisdiction.COUNTY).order_by("code"),
            "q": g,
            "can_run": permissions.allows_somewhere(request.user, "website_checks.run"),
        },
    )


@login_required
@require_POST
def run(request):
    """Check the sites of the user's jurisdiction now (the database part; the link crawl runs
    from the CLI or the scheduled task)."""
    if not permissions.allows_somewhere(request.user, "website_checks.run"):
        raise PermissionDenied
    ids = list(
        Site.objects.filter(
            _sites_q(request.user), level__in=settings.ZHENGWU_SITE_CHECK_LEVELS
        ).values_list("pk", flat=True)
    )
    checks = services.run(site_ids=ids, by=request.user)
    failed = sum(1 for c in checks if c.result == SiteCheck.FAIL)
    messages.success(
        request,
        f"已检查网站{len(checks)}个：合格{len(checks) - failed}个，不合格{failed}个。"
        "下一步：查看不合格网站的问题并通知其整改。",
    )
    return redirect("/workbench/website-checks/")


def _sites_q(user):
    """The sites of the jurisdictions where the user runs the check (政务公开办)."""
    return scopes.scope_q(user, [Role.OPENNESS_ADMIN])


@login_required
def detail(request, pk: int):
    _staff(request.user)
    c = queries.check_for(request.user, pk)
    findings = list(c.findings.all())
    return render(
        request,
        "website_checks/detail.html",
        {
            "c": c,
            "vetoes": [f for f in findings if f.kind == Finding.VETO],
            "deductions": [f for f in findings if f.kind in (Finding.DEDUCT, Finding.LINK)],
            "bonuses": [f for f in findings if f.kind == Finding.BONUS],
            "history": c.site.checks.order_by("-year", "-quarter")[:8],
            "reports": c.site.annual_reports.order_by("-year"),
        },
    )


# What each action on a 年度报表 did and what comes next (tests/test_success_messages.py).
REPORT_DONE = {
    "generate": "年度报表已根据平台数据生成。下一步：填报平台无法统计的项目。",
    "save": "填报内容已保存。下一步：核对后公开年度报表。",
    "publish": "年度报表已在网站公开。",
}


@login_required
def report(request, site: int, year: int):
    _staff(request.user)
    s = queries.site_for(request.user, site)
    r = AnnualReport.objects.filter(site=s, year=year).first()
    error, field, status = None, None, 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in REPORT_DONE:
            raise Http404
        try:
            if action == "generate":
                r = annual.generate(s, year, by=request.user)
            elif r is None:
                raise Http404
            elif action == "save":
                annual.save_manual(r, request.POST, by=request.user)
            else:
                annual.publish(r, by=request.user)
        except ServiceError as e:
            error, field, status = e.message, e.field, e.status
        else:
            messages.success(request, REPORT_DONE[action])
            return redirect(f"/workbench/website-checks/reports/{s.pk}/{year}/")
    rows = annual.manual_rows(r) if r else []
    if request.method == "POST" and rows:
        rows = [(k, label, kind, request.POST.get(k, v)) for k, label, kind, v in rows]
    return render(
        request,
        "website_checks/report.html",
        {
            "site": s,
            "year": year,
            "r": r,
            "rows": rows,
            "error": error,
            "field": field,
            "due": annual.due_on(year),
        },
        status=status,
    )


def _public_report(request, site: Site, year: int, prefix: str):
    r = AnnualReport.objects.filter(site=site, year=year, published_at__isnull=False).first()
    if r is None:
        raise Http404("该年度报表尚未公开")
    return render(
        request,
        "website_checks/public_report.html",
        {"site": site, "r": r, "rows": annual.manual_rows(r), "prefix": prefix},
    )


@pagecache.public_page(lambda *a, **k: [pagecache.kind_tag(annual.PAGE_KIND)])
def public_report(request, year: int, code: str | None = None):
    j = site_of(code)
    site = Site.objects.filter(jurisdiction=j, agency__isnull=True).first()
    if site is None:
        raise Http404("没有这个网站")
    return _public_report(request, site, year, f"/site/{j.code}" if j.parent_id else "")


@pagecache.public_page(lambda *a, **k: [pagecache.kind_tag(annual.PAGE_KIND)])
def public_department_report(request, usci: str, year: int, code: str | None = None):
    j = site_of(code)
    site = Site.objects.filter(jurisdiction=j, agency__usci=usci).first()
    if site is None:
        raise Http404("没有这个网站")
    return _public_report(request, site, year, f"/site/{j.code}" if j.parent_id else "")
