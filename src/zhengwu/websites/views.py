"""Public pages of each site's own columns: at /lm/<栏目>/ for the 州, /site/<code>/lm/<栏目>/ for
every county, township and village, and …/bm/<统一社会信用代码>/… for a department's site. Only
published content is shown (a draft, an item in review or a withdrawn one is 404). Anonymous
visitors get them from the page cache (portal.pagecache), re-rendered after each change."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.feedgenerator import Atom1Feed

from zhengwu.portal import pagecache
from zhengwu.portal.views import site_of, site_prefix

from . import conf, queries
from .models import Leader, SiteColumn
from .services import site_tag

FEED_COLUMNS = ("dtyw", "tzgg")


def _tags(*args, code=None, usci=None, **kwargs):
    return [site_tag(code=code, usci=usci)]


def _resolve(code=None, usci=None):
    """(jurisdiction, site, the site's address without the trailing slash, the government's
    prefix)."""
    j = site_of(code)
    prefix = site_prefix(j)
    if usci:
        site = queries.department_site(j, usci)
        return j, site, f"{prefix}/bm/{site.agency.usci}", prefix
    site = queries.government_site(j)
    if site is None:
        raise Http404("本站尚未开通")
    site.jurisdiction = j
    return j, site, prefix, prefix


def _context(j, site, root, prefix, **more):
    return {
        "j": j,
        "site": site,
        "root": root,
        "prefix": prefix,
        "site_columns": queries.columns(site),
        "department_site": site if site.agency_id else None,
        **more,
    }


@pagecache.public_page(_tags)
def department_home(request, usci, code=None):
    """A department's site: its columns, its latest 工作动态 and 通知公告."""
    j, site, root, prefix = _resolve(code, usci)
    return render(
        request,
        "websites/department_home.html",
        _context(j, site, root, prefix, blocks=queries.latest(site)),
    )


@pagecache.public_page(_tags)
def column_page(request, key, code=None, usci=None):
    """A column: its list (paginated), its single page, or its leaders with their photos."""
    j, site, root, prefix = _resolve(code, usci)
    column = queries.column(site, key)
    context = _context(j, site, root, prefix, column=column)
    if column.kind == SiteColumn.PAGE:
        context["article"] = queries.page_article(column)
    elif column.kind == SiteColumn.LEADERS:
        context["leaders"] = list(queries.public_leaders(site))
    else:
        context["page"] = Paginator(queries.published(column), conf.page_size()).get_page(
            request.GET.get("page")
        )
        context["has_feed"] = key in FEED_COLUMNS
    return render(request, "websites/column.html", context)


@pagecache.public_page(_tags)
def article_page(request, key, pk, code=None, usci=None):
    j, site, root, prefix = _resolve(code, usci)
    column = queries.column(site, key)
    article = queries.public_article(site, key, pk)
    return render(
        request,
        "websites/article.html",
        _context(j, site, root, prefix, column=column, article=article),
    )


def leader_photo(request, pk, code=None, usci=None):
    """A published leader's photo (uploads are served only through views that check)."""
    j, site, root, prefix = _resolve(code, usci)
    leader = site.leaders.filter(pk=pk, status=Leader.PUBLISHED).first()
    if leader is None or not leader.photo:
        raise Http404("没有该照片")
    kind = "image/png" if leader.photo.name.endswith(".png") else "image/jpeg"
    response = FileResponse(leader.photo.open("rb"), content_type=kind)
    response["Cache-Control"] = "public, max-age=3600"
    return response


class ColumnFeed(Feed):
    """Atom feed of a site's 动态要闻 or 通知公告 (Django syndication)."""

    feed_type = Atom1Feed

    def get_object(self, request, key, code=None, usci=None):
        if key not in FEED_COLUMNS:
            raise Http404("该栏目没有订阅")
        j, site, root, prefix = _resolve(code, usci)
        column = queries.column(site, key)
        column.site_obj, column.root = site, root
        return column

    def title(self, column):
        return f"{column.site_obj.name} · {column.name}"

    def link(self, column):
        return f"{column.root}/lm/{column.key}/"

    def subtitle(self, column):
        return f"{column.site_obj.name}{column.name}栏目的最新信息"

    def items(self, column):
        found = list(queries.published(column)[:50])
        for a in found:
            a.link = f"{column.root}/lm/{column.key}/{a.pk}/"
        return found

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body[:300]

    def item_link(self, item):
        return item.link

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


_feed = ColumnFeed()


@pagecache.public_page(_tags)
def column_feed(request, key, code=None, usci=None):
    return _feed(request, key, code=code, usci=usci)
