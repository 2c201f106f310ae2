"""The 待办 of a site's staff: the findings of their sites' latest quarterly check."""

from .models import Finding, SiteCheck
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
