"""The sites, their columns and content as pages, the API and the workbench read them: the public
sees only what is published; staff see the sites their roles cover (out of scope = 404)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zhengwu.org import scopes
from zhengwu.org.models import Agency, Jurisdiction

from .models import Article, Leader, Site, SiteColumn
from .permissions import SITE_ROLES

# A column is “about to go stale” this many days before its update_days run out.
WARN_DAYS = 3


# --- public ------------------------------------------------------------------------------------


def government_site(j: Jurisdiction) -> Site | None:
    return Site.objects.filter(jurisdiction=j, agency__isnull=True).first()


def department_site(j: Jurisdiction, usci: str) -> Site:
    """A department's site under its government's site; 404 for an unknown or foreign one."""
    site = (
        Site.objects.filter(jurisdiction=j, agency__usci=str(usci).upper())
        .select_related("agency", "jurisdiction")
        .first()
    )
    if site is None:
        raise Http404("没有这个部门网站")
    return site


def site_by_code(code: str) -> Site | None:
    """{code}: a jurisdiction's code for its government's site, a 统一社会信用代码 for a
    department's."""
    code = str(code or "").strip().upper()
    qs = Site.objects.select_related("jurisdiction", "agency")
    if len(code) != 18:  # 区划代码 have 6, 9 or 12 digits; a 统一社会信用代码 18 characters
        return qs.filter(jurisdiction__code=code, agency__isnull=True).first()
    return qs.filter(agency__usci=code).first()


def site_code_of(site: Site) -> str:
    return site.agency.usci if site.agency is not None else site.jurisdiction.code


def columns(site: Site) -> list[SiteColumn]:
    return list(site.columns.order_by("order"))


def column(site: Site, key: str) -> SiteColumn:
    found = site.columns.filter(key=key).first()
    if found is None:
        raise Http404("本网站没有这个栏目")
    return found


def published(column_or_site) -> QuerySet[Article]:
    field = "site" if isinstance(column_or_site, Site) else "column"
    return Article.objects.filter(**{field: column_or_site}, status=Article.PUBLISHED).order_by(
        "-published_at", "-id"
    )


def page_article(column: SiteColumn) -> Article | None:
    """A single-page column (概况, 机构职能) shows its newest published article."""
    return published(column).first()


def public_leaders(site: Site) -> QuerySet[Leader]:
    return site.leaders.filter(status=Leader.PUBLISHED).order_by("order", "id")


def public_article(site: Site, key: str, pk: int) -> Article:
    found = (
        Article.objects.filter(pk=pk, site=site, column__key=key, status=Article.PUBLISHED)
        .select_related("column")
        .first()
    )
    if found is None:
        raise Http404("该信息不存在或未发布")
    return found


def latest(site: Site, keys=("dtyw", "tzgg"), n: int = 6) -> list[tuple[SiteColumn, list]]:
    """The home page's blocks: each column's newest published items, with their dates."""
    out = []
    for c in site.columns.filter(key__in=keys).order_by("order"):
        out.append((c, list(published(c)[:n])))
    return out


# --- staff -------------------------------------------------------------------------------------


def staff_sites(user) -> QuerySet[Site]:
    """The sites `user` may author: a department role its department's site, a government's
    role its government's site, a role over a jurisdiction every site under it."""
    qs = Site.objects.select_related("jurisdiction", "agency")
    if getattr(user, "is_superuser", False):
        return qs
    q = Q(pk__in=[])
    for a in scopes.assignments(user, SITE_ROLES):
        if a.agency is not None:
            if a.agency.kind == Agency.GOVERNMENT:
                q |= Q(jurisdiction_id=a.agency.jurisdiction_id, agency__isnull=True)
            else:
                q |= Q(agency_id=a.agency_id)
        else:
            q |= Q(scope_path__startswith=a.path)
    return qs.filter(q)


def staff_site(user, code: str) -> Site:
    site = site_by_code(code)
    if site is None or not staff_sites(user).filter(pk=site.pk).exists():
        raise Http404("该网站不存在或不在您的管辖范围内")
    return site


def staff_articles(user) -> QuerySet[Article]:
    return Article.objects.filter(site__in=staff_sites(user).values("pk"))


def staff_leaders(user) -> QuerySet[Leader]:
    return Leader.objects.filter(site__in=staff_sites(user).values("pk"))


def column_rows(site: Site) -> list[Any]:
    """The site's columns with their counts (published, drafts, in review) and last update."""
    published_q = Q(articles__status=Article.PUBLISHED)
    rows: list[Any] = list(
        site.columns.annotate(
            n_published=Count("articles", filter=published_q),
            n_draft=Count("articles", filter=Q(articles__status=Article.DRAFT)),
            n_review=Count("articles", filter=Q(articles__status=Article.REVIEW)),
            last=Max("articles__published_at", filter=published_q),
        ).order_by("order")
    )
    leaders = site.leaders.aggregate(
        n=Count("id", filter=Q(status=Leader.PUBLISHED)),
        d=Count("id", filter=Q(status=Leader.DRAFT)),
        r=Count("id", filter=Q(status=Leader.REVIEW)),
        last=Max("published_at", filter=Q(status=Leader.PUBLISHED)),
    )
    now = timezone.now()
    c: Any
    for c in rows:
        if c.kind == SiteColumn.LEADERS:
            c.n_published, c.n_draft, c.n_review = leaders["n"], leaders["d"], leaders["r"]
            c.last = leaders["last"]
        c.due = c.last + dt.timedelta(days=c.update_days) if c.update_days and c.last else None
        c.stale = bool(c.update_days) and (c.due is None or c.due < now)
    return rows


def due_columns(user, *, within_days: int = WARN_DAYS, limit: int | None = 50) -> list:
    """Columns of the user's sites that must be updated (update_days) within `within_days`, or
    are already stale, soonest first: (column with .site, .last, .due)."""
    now = timezone.now()
    qs = (
        SiteColumn.objects.filter(
            site__in=staff_sites(user).values("pk"), update_days__isnull=False
        )
        .select_related("site__jurisdiction", "site__agency")
        .annotate(last=Max("articles__published_at", filter=Q(articles__status=Article.PUBLISHED)))
    )
    out: list[Any] = []
    c: Any
    for c in qs:
        c.due = c.last + dt.timedelta(days=c.update_days or 0) if c.last else None
        if c.due is None or c.due <= now + dt.timedelta(days=within_days):
            out.append(c)
    out.sort(key=lambda c: (c.due is not None, c.due or now))
    return out[:limit] if limit else out


def returned_to(user) -> QuerySet[Article]:
    """Drafts the reviewer returned to the one who wrote them."""
    return staff_articles(user).filter(status=Article.DRAFT, created_by=user, status_reason__gt="")


def awaiting_review(user) -> QuerySet[Article]:
    return staff_articles(user).filter(status=Article.REVIEW)
