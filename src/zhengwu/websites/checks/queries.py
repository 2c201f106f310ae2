"""Scoped lists of the checks: the openness office sees the sites of its jurisdiction, a
department's staff their department's site; anything else is 404."""

from __future__ import annotations

from django.http import Http404

from zhengwu.org.models import Jurisdiction
from zhengwu.websites.models import Site

from .models import AnnualReport, SiteCheck
from .permissions import visible_q


def checks_visible_to(user):
    return SiteCheck.objects.filter(visible_q(user)).select_related(
        "site", "site__jurisdiction", "site__agency"
    )


def glance(user, *, year=None, quarter=None, level="", county="", result=""):
    qs = checks_visible_to(user)
    if year and quarter:
        qs = qs.filter(year=year, quarter=quarter)
    else:
        last = qs.order_by("-year", "-quarter").values_list("year", "quarter").first()
        if last is None:
            return qs.none(), None
        year, quarter = last
        qs = qs.filter(year=year, quarter=quarter)
    if level in dict(Site.LEVELS):
        qs = qs.filter(site__level=level)
    if county:
        j = Jurisdiction.objects.filter(code=county, level=Jurisdiction.COUNTY).first()
        qs = qs.filter(scope_path__startswith=j.path) if j else qs.none()
    if result in dict(SiteCheck.RESULTS):
        qs = qs.filter(result=result)
    return qs.order_by("scope_path", "site__agency_id"), (int(year), int(quarter))


def check_for(user, pk: int) -> SiteCheck:
    c = checks_visible_to(user).filter(pk=pk).first()
    if c is None:
        raise Http404("没有这个检查结果")
    return c


def site_for(user, pk: int) -> Site:
    site = Site.objects.filter(pk=pk).select_related("jurisdiction", "agency").first()
    if site is None or not _covers(user, site):
        raise Http404("没有这个网站")
    return site


def _covers(user, site: Site) -> bool:
    from zhengwu.org import scopes

    from .permissions import STAFF_ROLES

    return scopes.covers(user, agency_id=site.agency_id, path=site.scope_path, roles=STAFF_ROLES)


def reports_visible_to(user):
    return AnnualReport.objects.filter(visible_q(user)).select_related("site")
