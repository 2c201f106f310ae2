"""What search sees of the sites: every published article (动态要闻, 通知公告, 专题, the single
pages), found from its own site's search and from the platform's. Registered in apps.ready();
the services call `changed` / `removed` inside the transaction of publication or withdrawal."""

from __future__ import annotations

from collections.abc import Iterator

from zhengwu.core import searchable

KIND = "websites"
LABEL = "网站信息"


def url_of(article) -> str:
    return f"{site_root(article.site)}lm/{article.column.key}/{article.pk}/"


def site_root(site) -> str:
    """The site's address: /, /site/<code>/ for a sub-site, …/bm/<usci>/ for a department's."""
    j = site.jurisdiction
    prefix = f"/site/{j.code}/" if j.parent_id else "/"
    if site.agency_id:
        return f"{prefix}bm/{site.agency.usci}/"
    return prefix


def as_search_doc(article) -> searchable.SearchDoc:
    site = article.site
    return searchable.SearchDoc(
        kind=KIND,
        key=str(article.pk),
        title=article.title,
        body=article.body,
        url=url_of(article),
        jurisdiction_path=article.scope_path,
        agency_id=site.agency_id,
        agency_name=site.agency.name if site.agency_id else "",
        column=f"{site.name}·{article.column.name}",
        year=article.published_at.year if article.published_at else None,
        published_at=article.published_at,
    )


def public_articles() -> Iterator[searchable.SearchDoc]:
    from .models import Article

    qs = (
        Article.objects.filter(status=Article.PUBLISHED)
        .select_related("site__jurisdiction", "site__agency", "column")
        .order_by("pk")
    )
    last = 0
    while True:
        chunk = list(qs.filter(pk__gt=last)[:1000])
        if not chunk:
            return
        yield from (as_search_doc(a) for a in chunk)
        last = chunk[-1].pk


def changed(article) -> None:
    searchable.changed(as_search_doc(article))


def removed(article) -> None:
    searchable.removed(KIND, str(article.pk))
