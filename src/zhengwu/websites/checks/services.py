"""Running the check: every indicator over the chosen sites (all by default), the optional link
crawl, the score, and one stored result per site per quarter (a re-run replaces it, audited)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.utils import timezone

from zhengwu.core import audit
from zhengwu.core.errors import NotFound
from zhengwu.core.times import now_in_beijing
from zhengwu.org import permissions
from zhengwu.websites.models import Site

from . import indicators, scoring
from .context import PORTALS, Context, Hit, load_sites
from .crawl import Crawler
from .models import Finding, SiteCheck
from .vetoes import services_count


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def probe_in_process() -> bool:
    """The platform's own health probe, answered in this process: /healthz and the database."""
    try:
        match = resolve("/healthz")
        response = match.func(HttpRequest())
        connection.ensure_connection()
        return response.status_code == 200
    except (Resolver404, Exception):  # noqa: BLE001 — any failure is "not available"
        return False


def find_site(code: str) -> Site:
    """A site by its code: a jurisdiction's code (its government's site) or an agency's
    统一社会信用代码 (its department site)."""
    code = str(code or "").strip()
    site = (
        Site.objects.filter(agency__usci=code).first()
        or Site.objects.filter(jurisdiction__code=code, agency__isnull=True).first()
    )
    if site is None:
        raise NotFound("没有这个网站", code="unknown_site", field="code")
    return site


def evaluate(
    ctx: Context, *, crawler: Crawler | None = None, progress: Callable[[str], None] | None = None
) -> dict[int, list[Hit]]:
    hits: dict[int, list[Hit]] = defaultdict(list)
    for fn in indicators.ALL:
        for h in fn(ctx):
            hits[h.site_id].append(h)
        if progress:
            progress(f"已检查：{indicators.NAMES[fn]}")
    if crawler is not None:
        points = Decimal(settings.ZHENGWU_SITE_BROKEN_LINK_POINTS)
        for n, s in enumerate(ctx.sites, start=1):
            result = crawler.crawl(s)
            ctx._cache.setdefault("pages", {})[s.pk] = result.pages
            for b in result.broken:
                page = b.page[len(crawler.base) :] if b.page.startswith(crawler.base) else b.page
                target = b.url[len(crawler.base) :] if b.url.startswith(crawler.base) else b.url
                hits[s.pk].append(
                    Hit(
                        s.pk,
                        "broken_link",
                        "错链",
                        Finding.LINK,
                        f"链接“{target}”无法打开（{_status_words(b.status)}）"
                        + (f"，本站共{b.pages}个页面有此链接" if b.pages > 1 else ""),
                        page or s.home,
                        points,
                        target=target[:500],
                    )
                )
            if progress:
                progress(
                    f"链接检查 {n}/{len(ctx.sites)}：{s.name}，{result.pages}个页面，"
                    f"错链{len(result.broken)}个"
                )
    return hits


def _status_words(status: str) -> str:
    return f"返回{status}" if status.isdigit() else status


def run(
    *,
    site_ids: list[int] | None = None,
    day: dt.date | None = None,
    crawl: bool = False,
    by=None,
    progress: Callable[[str], None] | None = None,
    base_url: str | None = None,
) -> list[SiteCheck]:
    """Check the sites (all when `site_ids` is None) on `day` (today, Beijing) and store one
    result per site for the day's quarter, replacing an earlier run of that quarter."""
    day = day or now_in_beijing().date()
    sites = load_sites(site_ids)
    if by is not None:
        for s in sites:
            permissions.require(by, "website_checks.run", agency_id=None, path=s.scope_path)
    crawler = Crawler(base_url) if crawl else None
    probe_ok = crawler.probe() if crawler else probe_in_process()
    ctx = Context(day, sites, probe_ok=probe_ok)
    if progress:
        progress(
            f"检查日{day:%Y年%m月%d日}，网站{len(sites)}个，健康探测{'通过' if probe_ok else '未通过'}"
        )
    hits = evaluate(ctx, crawler=crawler, progress=progress)
    return _store(ctx, hits, crawled=crawl, by=by)


def _store(ctx: Context, hits: dict[int, list[Hit]], *, crawled: bool, by) -> list[SiteCheck]:
    year, quarter = ctx.day.year, quarter_of(ctx.day)
    offered = services_count(ctx)
    now = timezone.now()
    pages = ctx._cache.get("pages", {})
    checks, per_check = [], []
    for s in ctx.sites:
        found = hits.get(s.pk, [])
        sc = scoring.score(
            found, portal=s.level in PORTALS, scaled=bool(s.agency_id) and not offered.get(s.pk)
        )
        checks.append(
            SiteCheck(
                site_id=s.pk,
                scope_path=s.scope_path,
                year=year,
                quarter=quarter,
                checked_on=ctx.day,
                run_at=now,
                result=SiteCheck.PASS if sc.passed else SiteCheck.FAIL,
                base_score=sc.base,
                bonus=sc.bonus,
                score=sc.total,
                scaled=sc.scaled,
                vetoes=sc.vetoes,
                probe_ok=ctx.probe_ok,
                crawled=crawled,
                pages_crawled=pages.get(s.pk, 0),
            )
        )
        per_check.append(found)
    with transaction.atomic():
        earlier = {
            c.site_id: c
            for c in SiteCheck.objects.filter(
                site_id__in=[s.pk for s in ctx.sites], year=year, quarter=quarter
            ).only("pk", "site_id", "result", "score")
        }
        SiteCheck.objects.filter(pk__in=[c.pk for c in earlier.values()]).delete()
        SiteCheck.objects.bulk_create(checks, batch_size=1000)
        Finding.objects.bulk_create(
            [
                Finding(
                    site_check=c,
                    code=h.code,
                    name=h.name,
                    kind=h.kind,
                    points=h.points,
                    page=h.page[:500],
                    found=h.found,
                    target=h.target[:500],
                    object_type=h.object_type,
                    object_id=h.object_id,
                )
                for c, found in zip(checks, per_check, strict=True)
                for h in found
            ],
            batch_size=2000,
        )
        audit.record_many(
            "website_checks.checked",
            [
                (
                    c,
                    _summary(earlier[c.site_id]) if c.site_id in earlier else None,
                    _summary(c) | {"findings": len(found)},
                )
                for c, found in zip(checks, per_check, strict=True)
            ],
            actor=by,
        )
    return checks


def _summary(c: SiteCheck) -> dict:
    return {"result": c.get_result_display(), "score": str(c.score) if c.score is not None else ""}


def latest(site: Site) -> SiteCheck | None:
    return site.checks.order_by("-year", "-quarter").first()
