"""The 待办 of a site's staff (the findings of their sites' latest quarterly check) and the
home page's link to the site's published 工作年度报表."""

from django.utils.html import format_html

from .models import AnnualReport, Finding, SiteCheck
from .permissions import sees_checks, visible_q


def workbench_panel(user):
    if not sees_checks(user):
        return None
    checks = SiteCheck.objects.filter(visible_q(user))
    last = checks.order_by("-year", "-quarter").values_list("year", "quarter").first()
    if last is None:
        return None
    year, quarter = last
    current = checks.filter(year=year, quarter=quarter)
    return {
        "title": f"网站检查（{year}年第{quarter}季度）",
        "todo": Finding.objects.filter(site_check__in=current).exclude(kind=Finding.BONUS).count(),
        "warning": current.filter(result=SiteCheck.FAIL).count(),
        "done": current.filter(result=SiteCheck.PASS).count(),
        "url": f"/workbench/website-checks/?year={year}&quarter={quarter}",
    }


def home_section(jurisdiction):
    """国办函〔2018〕12号: the 工作年度报表 is published prominently on the site's home page."""
    report = (
        AnnualReport.objects.filter(
            site__jurisdiction=jurisdiction, site__agency__isnull=True, published_at__isnull=False
        )
        .order_by("-year")
        .first()
    )
    if report is None:
        return None
    prefix = f"/site/{jurisdiction.code}" if jurisdiction.parent_id else ""
    return {
        "title": "政府网站工作年度报表",
        "html": format_html(
            '<p><a href="{}/wzndbb/{}/">{}{}年度工作报表</a></p>',
            prefix,
            report.year,
            report.site.name,
            report.year,
        ),
    }
