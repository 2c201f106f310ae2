"""The trading column on every government's site (公共资源交易, issue 24 §3): its published notices
(its jurisdiction's subtree; on the main portal all of them), each notice in full with its
project's facts in words, a project's public timeline, and the Atom feed. Every visitor sees
them alike, so anonymous visitors get them from the page cache (portal.pagecache): each publish
moves the kind's generation (`publication.publish`), so a new notice shows on the next request.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from zhengwu.core import words
from zhengwu.core.errors import ServiceError
from zhengwu.portal import pagecache
from zhengwu.portal.views import site_of, site_prefix

from .. import publication, queries, services
from ..models import Notice, Project
from ..search import KIND

PAGE_SIZE = 20
FEED_SIZE = 50
HOME_SIZE = 8


def _site(code):
    j = site_of(code)
    return j, site_prefix(j)


def _every_notice(*args, **kwargs) -> list[str]:
    # Every publication (and a withdrawal, through searchable.removed) moves the kind's tag.
    return [pagecache.kind_tag(KIND)]


def _one_notice(pk, code=None) -> list[str]:
    return [pagecache.record_tag(KIND, pk), pagecache.kind_tag(KIND)]


@pagecache.public_page(_every_notice)
def column(request, code=None):
    """公共资源交易: the notices of the site's jurisdiction, newest first, by kind and type."""
    j, prefix = _site(code)
    params = {k: request.GET.get(k, "").strip() for k in ("kind", "type")}
    error, status = None, 200
    try:
        notices = publication.filtered(
            queries.published(j.path), kind=params["kind"], notice_kind=params["type"]
        )
    except ServiceError as e:
        error, status = e.message, e.status
        notices = Notice.objects.none()
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "trading/public/column.html",
        {
            "j": j,
            "prefix": prefix,
            "page": page,
            "params": params,
            "query": urlencode({k: v for k, v in params.items() if v}),
            "error": error,
            "kinds": list(publication.KIND_FILTER.items()),
            "types": Notice.KINDS,
        },
        status=status,
    )


def _objection_url(notice: Notice, code) -> str:
    """The page where an enterprise files its 异议/质疑 (another part of the trading pages)."""
    kwargs = {"notice_id": notice.pk, **({"code": code} if code else {})}
    try:
        return reverse("trading-objection-new", kwargs=kwargs)
    except NoReverseMatch:
        return ""


@pagecache.public_page(_one_notice)
def notice(request, pk, code=None):
    """One notice in full: its text, its facts and its project's in words, and for a 公示 how
    and until when to object."""
    j, prefix = _site(code)
    found = (
        queries.published(j.path)
        .select_related("project__centre", "project__supervisor")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("本站没有该交易公告")
    project = found.project
    objection_open = bool(found.objection_until and timezone.localdate() <= found.objection_until)
    return render(
        request,
        "trading/public/notice.html",
        {
            "j": j,
            "prefix": prefix,
            "notice": found,
            "project": project,
            "owner_word": publication.owner_word(project),
            "body": publication.masked_text(found.body),
            "facts": publication.fact_blocks(found),
            "project_facts": publication.project_facts(project),
            "dates": publication.project_dates(project),
            "objection": publication.objection_words(found),
            "objection_open": objection_open,
            "objection_url": _objection_url(found, code) if objection_open else "",
            "others": project.notices.filter(state=Notice.PUBLISHED).exclude(pk=found.pk).count(),
        },
    )


@pagecache.public_page(_every_notice)
def project(request, pk, code=None):
    """A project's public timeline: its published notices in order, its dates in words."""
    j, prefix = _site(code)
    found = (
        Project.objects.filter(pk=pk, scope_path__startswith=j.path)
        .select_related("owner", "centre", "supervisor")
        .first()
    )
    notices = (
        list(found.notices.filter(state=Notice.PUBLISHED).order_by("published_on", "id"))
        if found
        else []
    )
    if not notices:  # a project is public from its first notice on
        raise Http404("本站没有该交易项目")
    return render(
        request,
        "trading/public/project.html",
        {
            "j": j,
            "prefix": prefix,
            "project": found,
            "notices": notices,
            "project_facts": publication.project_facts(found),
            "dates": publication.project_dates(found),
            "decisions": services.public_decisions(found),
        },
    )


@pagecache.public_page(_every_notice)
def feed(request, code=None):
    """Atom feed of the column's newest notices (?kind= and ?type= as on the column)."""
    j, prefix = _site(code)
    try:
        notices = publication.filtered(
            queries.published(j.path),
            kind=request.GET.get("kind", ""),
            notice_kind=request.GET.get("type", ""),
        )
    except ServiceError as e:
        return HttpResponse(e.message, status=e.status, content_type="text/plain; charset=utf-8")
    base = request.build_absolute_uri("/").rstrip("/")
    title = f"{j.government_name} 公共资源交易"
    atom = Atom1Feed(
        title=title,
        link=f"{base}{prefix}/ggzy/",
        description=title,
        language="zh-CN",
        feed_url=request.build_absolute_uri(),
        author_name=j.government_name,
    )
    for n in notices[:FEED_SIZE]:
        published = timezone.make_aware(
            timezone.datetime.combine(n.published_on, timezone.datetime.min.time())
        )
        summary = f"{n.kind_label} · {n.project.owner.name}"
        if n.publicity_ends:
            summary += f" · 公示截止：{words.chinese_date(n.publicity_ends)}"
        atom.add_item(
            title=n.title,
            link=f"{base}{prefix}/ggzy/gg/{n.pk}/",
            description=summary,
            unique_id=f"{base}/ggzy/gg/{n.pk}/",
            pubdate=published,
            author_name=n.project.owner.name,
            categories=[publication.KIND_FILTER.get(n.project.kind, ""), n.kind_label],
        )
    return HttpResponse(
        atom.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )


def home_section(jurisdiction):
    """The newest notices on a government's home page, with the way to the column."""
    notices = list(
        queries.published(jurisdiction.path).order_by("-published_on", "-id")[:HOME_SIZE]
    )
    if not notices and jurisdiction.level not in ("prefecture", "county"):
        return None
    prefix = site_prefix(jurisdiction)
    html = render_to_string(
        "trading/public/_home_section.html", {"notices": notices, "prefix": prefix}
    )
    return {"title": "公共资源交易", "html": html}
