"""What the sites contribute to the shared pages: the staff workbench's 待办 (drafts returned to
me, items awaiting my review, columns of my sites about to go stale), a government home page's
latest 动态要闻 and 通知公告, and its columns for the home page's navigation and 网站地图."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from zhengwu.org import scopes

from . import queries
from .models import Article, Site
from .permissions import SITE_ROLES


def workbench_panel(user):
    if not scopes.assignments(user, SITE_ROLES) and not getattr(user, "is_superuser", False):
        return None
    due = queries.due_columns(user, limit=None)
    year = timezone.localdate().year
    return {
        "title": "网站内容",
        "todo": queries.returned_to(user).count() + queries.awaiting_review(user).count(),
        "warning": len(due),
        "done": queries.staff_articles(user)
        .filter(status=Article.PUBLISHED, published_at__year=year)
        .count(),
        "url": "/workbench/websites/",
    }


def _root(j) -> str:
    return f"/site/{j.code}" if j.parent_id else ""


def home_section(j):
    site = queries.government_site(j)
    if site is None:
        return None
    blocks = queries.latest(site)
    departments = list(
        Site.objects.filter(jurisdiction=j, agency__isnull=False)
        .select_related("agency")
        .order_by("name")
    )
    html = render_to_string(
        "websites/_latest.html",
        {"blocks": blocks, "root": _root(j), "departments": departments},
    )
    return {"title": f"{site.name}·最新信息", "html": html}


def site_columns(j) -> list[tuple[str, str]]:
    site = queries.government_site(j)
    if site is None:
        return []
    root = _root(j)
    return [(c.name, f"{root}/lm/{c.key}/") for c in queries.columns(site)]
