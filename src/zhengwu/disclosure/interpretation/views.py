"""Public pages of 解读回应 in the 政府信息公开 column, at the 州 and on every sub-site: 政策解读
(xxgk/zcjd/), 回应关切 (xxgk/hygq/) and 新闻发布会 (xxgk/xwfbh/, 条例 §23's channel) with the
live text that updates in place (`portal.live`). The staff pages are in `workbench_views`."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from zhengwu.portal import live, pagecache
from zhengwu.portal.views import site_of, site_prefix

from . import queries
from .models import PressConference
from .services._common import PUBLIC_TAG
from .services.press import live_cache_key

PAGE_SIZE = 20
IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "gif": "image/gif"}


def _site(code):
    j = site_of(code)
    return j, site_prefix(j)


def _tags(*args, **kwargs):
    return [PUBLIC_TAG]


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


@pagecache.public_page(_tags)
def interpretations(request, code=None):
    j, prefix = _site(code)
    qs = (
        queries.published_interpretations()
        .filter(scope_path__startswith=j.path)
        .order_by("-published_on", "-id")
    )
    return render(
        request,
        "interpretation/list.html",
        {"j": j, "prefix": prefix, "page": _page(request, qs)},
    )


@pagecache.public_page(_tags)
def interpretation(request, pk: int, code=None):
    j, prefix = _site(code)
    item = queries.public_interpretation(pk, j)
    return render(
        request,
        "interpretation/detail.html",
        {
            "j": j,
            "prefix": prefix,
            "i": item,
            "doc": item.document,
            "others": queries.of_document(item.document).exclude(pk=item.pk),
        },
    )


def interpretation_image(request, pk: int, code=None):
    j, _ = _site(code)
    item = queries.public_interpretation(pk, j)
    if not item.image:
        raise Http404("该解读没有图解")
    ext = (item.image.name or "").rsplit(".", 1)[-1].lower()
    if ext not in IMAGE_TYPES:
        raise Http404("该解读没有图解")
    response = FileResponse(item.image.open("rb"), content_type=IMAGE_TYPES[ext])
    response["X-Content-Type-Options"] = "nosniff"
    return response


@pagecache.public_page(_tags)
def concerns(request, code=None):
    j, prefix = _site(code)
    qs = queries.public_concerns(j).order_by("-responded_at", "-id")
    return render(
        request,
        "interpretation/concerns.html",
        {"j": j, "prefix": prefix, "page": _page(request, qs)},
    )


@pagecache.public_page(_tags)
def conferences(request, code=None):
    j, prefix = _site(code)
    qs = queries.public_conferences(j)
    return render(
        request,
        "interpretation/conferences.html",
        {
            "j": j,
            "prefix": prefix,
            "live": qs.filter(state=PressConference.LIVE).order_by("starts_at"),
            "upcoming": qs.filter(state=PressConference.PREVIEW).order_by("starts_at"),
            "page": _page(
                request, qs.filter(state=PressConference.FINISHED).order_by("-starts_at")
            ),
        },
    )


@pagecache.public_page(_tags)
def conference(request, pk: int, code=None):
    j, prefix = _site(code)
    pc = queries.public_conference(pk, j)
    return render(
        request,
        "interpretation/conference.html",
        {
            "j": j,
            "prefix": prefix,
            "pc": pc,
            "speakers": pc.speakers.all(),
            "documents": pc.documents.filter(status="published"),
            "interpretations": queries.published_interpretations().filter(
                Q(pk__in=pc.interpretations.values("pk"))
                | Q(document__in=pc.documents.values("pk"))
            ),
            "live_html": _live_html(pk),
        },
    )


def _live_html(pk: int) -> str:
    """The live part of the page, rendered once per change and kept in the cache (portal.live)."""

    def build() -> str:
        pc = PressConference.objects.filter(pk=pk, state__in=queries.PUBLIC_STATES).first()
        if pc is None:
            return ""
        posts = [
            {
                "speaker": p.speaker,
                "text": p.text,
                "question": p.question,
                "asked_by": p.asked_by,
                "time": timezone.localtime(p.posted_at).strftime("%H:%M"),
            }
            for p in pc.posts.all()
        ]
        return render_to_string(
            "interpretation/_live.html",
            {"pc": pc, "posts": posts, "version": f"{len(posts)}.{pc.state}.{pc.version}"},
        )

    return live.fragment(live_cache_key(pk), build)


def conference_live(request, pk: int, code=None):
    """The fragment htmx fetches every few seconds (and any client may poll)."""
    html = _live_html(pk)
    if not html:
        raise Http404("没有这场新闻发布会")
    response = HttpResponse(html)
    response["Cache-Control"] = "no-cache"
    return response
