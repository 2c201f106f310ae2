"""The staff pages of the sites (/workbench/websites/): the sites one may author with what must be
done next, each site's columns, the forms, and the workflow's actions for articles and leaders.
Out of scope is 404; a refused or stale action re-renders with the reason and nothing lost."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengwu.core.errors import ServiceError
from zhengwu.org import permissions
from zhengwu.org.models import User

from . import queries, search, services
from .models import Article, Leader, Site, SiteColumn


def _staff(request):
    user = request.user
    if user.kind != User.STAFF and not user.is_superuser:
        raise PermissionDenied
    if not permissions.allows_somewhere(user, "websites.article.create"):
        raise PermissionDenied
    return user


def _code(site: Site) -> str:
    return queries.site_code_of(site)


def _site_url(site: Site) -> str:
    return f"/workbench/websites/{_code(site)}/"


@login_required
def wb_home(request):
    """The sites I may author and what I must do next: drafts returned to me, items awaiting
    review, columns about to go stale (with the day they go stale)."""
    user = _staff(request)
    sites = queries.staff_sites(user).order_by("scope_path", "agency_id")
    q = request.GET.get("q", "").strip()
    if q:
        sites = sites.filter(name__contains=q)
    page = Paginator(sites, 50).get_page(request.GET.get("page"))
    for s in page:
        s.code = _code(s)
    return render(
        request,
        "websites/wb_home.html",
        {
            "page": page,
            "q": q,
            "returned": queries.returned_to(user).select_related("site", "column")[:50],
            "review": queries.awaiting_review(user).select_related("site", "column")[:50],
            "leaders_review": queries.staff_leaders(user)
            .filter(status=Leader.REVIEW)
            .select_related("site")[:50],
            "due": queries.due_columns(user),
        },
    )


@login_required
def wb_site(request, code):
    user = _staff(request)
    site = queries.staff_site(user, code)
    articles = site.articles.exclude(status=Article.PUBLISHED).select_related("column")
    return render(
        request,
        "websites/wb_site.html",
        {
            "site": site,
            "code": _code(site),
            "public": search.site_root(site),
            "columns": queries.column_rows(site),
            "pending": articles.order_by("-updated_at")[:50],
            "published": site.articles.filter(status=Article.PUBLISHED)
            .select_related("column")
            .order_by("-published_at")[:20],
            "leaders": site.leaders.order_by("order", "id"),
            "can_code": site.agency_id
            and permissions.allows(
                user, "websites.site.code", agency_id=None, path=site.scope_path
            ),
        },
    )


@login_required
@require_POST
def wb_site_code(request, code):
    user = _staff(request)
    site = queries.staff_site(user, code)
    try:
        services.set_site_code(site, request.POST.get("site_code", ""), by=user)
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect(_site_url(site))
    messages.success(request, f"网站标识码已保存，{site.name}的页脚即显示该标识码。")
    return redirect(_site_url(site))


ARTICLE_FORM = ("title", "body", "source", "author", "column")


def _article_form(request) -> dict:
    return {k: request.POST.get(k, "") for k in ARTICLE_FORM}


def _writable_columns(site: Site):
    return [c for c in queries.columns(site) if c.kind != SiteColumn.LEADERS]


@login_required
def wb_new(request, code, key):
    user = _staff(request)
    site = queries.staff_site(user, code)
    column = queries.column(site, key)
    data = {"column": column.key, "source": site.name}
    error, status = None, 200
    if request.method == "POST":
        data = _article_form(request)
        try:
            article = services.create_article(site, data["column"], data, by=user)
        except ServiceError as e:
            error, status = e, e.status
        else:
            messages.success(request, "草稿已保存，核对无误后请提交审核。")
            return redirect(f"/workbench/websites/articles/{article.pk}/")
    return render(
        request,
        "websites/wb_article.html",
        {
            "site": site,
            "code": _code(site),
            "key": column.key,
            "data": data,
            "error": error,
            "columns": _writable_columns(site),
        },
        status=status,
    )


def _staff_article(user, pk) -> Article:
    found = queries.staff_articles(user).filter(pk=pk).select_related("site", "column").first()
    if found is None:
        raise Http404("该信息不存在或不在您的管辖范围内")
    return found


@login_required
def wb_article(request, pk):
    user = _staff(request)
    article = _staff_article(user, pk)
    site = article.site
    data = {k: getattr(article, k) for k in ("title", "body", "source", "author")}
    data["column"] = article.column.key
    error, status = None, 200
    if request.method == "POST":
        data = _article_form(request)
        try:
            services.edit_article(article, data, by=user, version=request.POST.get("version"))
        except ServiceError as e:
            error, status = e, e.status
        else:
            messages.success(request, "修改已保存，核对无误后请提交审核。")
            return redirect(f"/workbench/websites/articles/{article.pk}/")
    return render(
        request,
        "websites/wb_article.html",
        {
            "site": site,
            "code": _code(site),
            "article": article,
            "data": data,
            "error": error,
            "columns": _writable_columns(site),
            "can_act": services.may(user, "websites.article.edit", site),
            "public": f"{search.site_root(site)}lm/{article.column.key}/{article.pk}/",
        },
        status=status,
    )


ARTICLE_ACTIONS = {
    "submit": lambda a, post, by: services.submit_article(a, by=by, version=post.get("version")),
    "return": lambda a, post, by: services.return_article(
        a, post.get("reason", ""), by=by, version=post.get("version")
    ),
    "publish": lambda a, post, by: services.publish_article(a, by=by, version=post.get("version")),
    "withdraw": lambda a, post, by: services.withdraw_article(
        a, post.get("reason", ""), by=by, version=post.get("version")
    ),
}
# What each action did and what comes next; tests/test_success_messages.py walks every line.
DONE = {
    "submit": "已提交审核，待审核人发布。",
    "return": "已退回撰写人修改。",
    "publish": "已发布，网站栏目和站内检索即可查到。",
    "withdraw": "已撤回，网站页面不再显示该信息。",
}


def _act(request, obj, action, table, back, error_template):
    user = request.user
    if action not in table:
        raise Http404("没有这个操作")
    try:
        table[action](obj, request.POST, user)
    except ServiceError as e:
        return render(
            request, error_template, {"error": e, "back": back, "obj": obj}, status=e.status
        )
    messages.success(request, DONE[action])
    return redirect(back)


@login_required
@require_POST
def wb_article_action(request, pk, action):
    user = _staff(request)
    article = _staff_article(user, pk)
    back = f"/workbench/websites/articles/{article.pk}/"
    return _act(request, article, action, ARTICLE_ACTIONS, back, "websites/wb_error.html")


# --- leaders -----------------------------------------------------------------------------------

LEADER_FORM = ("name", "post", "cv", "duties", "order")


def _leader_form(request) -> dict:
    return {k: request.POST.get(k, "") for k in LEADER_FORM}


@login_required
def wb_leader_new(request, code):
    user = _staff(request)
    site = queries.staff_site(user, code)
    data: dict = {"order": site.leaders.count() + 1}
    error, status = None, 200
    if request.method == "POST":
        data = _leader_form(request)
        try:
            leader = services.create_leader(site, data, by=user, photo=request.FILES.get("photo"))
        except ServiceError as e:
            error, status = e, e.status
        else:
            messages.success(request, "领导信息草稿已保存，核对无误后请提交审核。")
            return redirect(f"/workbench/websites/leaders/{leader.pk}/")
    return render(
        request,
        "websites/wb_leader.html",
        {"site": site, "code": _code(site), "data": data, "error": error},
        status=status,
    )


def _staff_leader(user, pk) -> Leader:
    found = queries.staff_leaders(user).filter(pk=pk).select_related("site").first()
    if found is None:
        raise Http404("该领导信息不存在或不在您的管辖范围内")
    return found


@login_required
def wb_leader(request, pk):
    user = _staff(request)
    leader = _staff_leader(user, pk)
    site = leader.site
    data = {k: getattr(leader, k) for k in LEADER_FORM}
    error, status = None, 200
    if request.method == "POST":
        data = _leader_form(request)
        try:
            services.edit_leader(
                leader,
                data,
                by=user,
                photo=request.FILES.get("photo"),
                version=request.POST.get("version"),
            )
        except ServiceError as e:
            error, status = e, e.status
        else:
            messages.success(request, "领导信息已保存，核对无误后请提交审核。")
            return redirect(f"/workbench/websites/leaders/{leader.pk}/")
    return render(
        request,
        "websites/wb_leader.html",
        {
            "site": site,
            "code": _code(site),
            "leader": leader,
            "data": data,
            "error": error,
            "can_act": services.may(user, "websites.leader.edit", site),
            "public": f"{search.site_root(site)}lm/ldxx/",
        },
        status=status,
    )


LEADER_ACTIONS = {
    "submit": lambda x, post, by: services.submit_leader(x, by=by, version=post.get("version")),
    "return": lambda x, post, by: services.return_leader(
        x, post.get("reason", ""), by=by, version=post.get("version")
    ),
    "publish": lambda x, post, by: services.publish_leader(x, by=by, version=post.get("version")),
    "withdraw": lambda x, post, by: services.withdraw_leader(
        x, post.get("reason", ""), by=by, version=post.get("version")
    ),
}


@login_required
@require_POST
def wb_leader_action(request, pk, action):
    user = _staff(request)
    leader = _staff_leader(user, pk)
    back = f"/workbench/websites/leaders/{leader.pk}/"
    return _act(request, leader, action, LEADER_ACTIONS, back, "websites/wb_error.html")
