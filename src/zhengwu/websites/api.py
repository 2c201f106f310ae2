"""Open API of the sites (/api/v1/websites/): every site, its columns and its published content
for everyone; the workflow's actions for staff (token or session), scoped as the pages.

{code} is a government site's 区划代码 or a department site's 统一社会信用代码. Errors are JSON
{code, message[, field]}; a stale `version` is a 409. Another router (the site check) may share
the prefix: its paths (`/{code}/check`) do not overlap these."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status

from zhengwu.api.auth import public, token_or_session
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.org.models import Jurisdiction

from . import queries, search, services
from .models import Article, Leader, Site

router = Router(tags=["政府网站"])


class SiteOut(Schema):
    code: str
    name: str
    level: str
    level_label: str
    jurisdiction: str
    agency: str
    site_code: str
    url: str


class SitePage(Schema):
    count: int
    results: list[SiteOut]


class ColumnOut(Schema):
    key: str
    name: str
    kind: str
    update_days: int | None
    url: str


class ArticleOut(Schema):
    id: int
    site: str
    column: str
    column_name: str
    title: str
    source: str
    author: str
    status: str
    status_label: str
    published_at: dt.datetime | None
    version: int
    url: str


class ArticleDetail(ArticleOut):
    body: str
    status_reason: str


class ArticlePage(Schema):
    count: int
    results: list[ArticleOut]


class ArticleIn(Schema):
    column: str
    title: str
    body: str
    source: str = ""
    author: str = ""


class ArticlePatch(Schema):
    version: int | None = None
    column: str | None = None
    title: str | None = None
    body: str | None = None
    source: str | None = None
    author: str | None = None


class VersionIn(Schema):
    version: int | None = None


class ReasonIn(Schema):
    reason: str = ""
    version: int | None = None


class LeaderOut(Schema):
    id: int
    site: str
    name: str
    post: str
    cv: str
    duties: str
    order: int
    has_photo: bool
    status: str
    status_label: str
    version: int


class LeaderIn(Schema):
    name: str
    post: str
    cv: str
    duties: str = ""
    order: int = 0


class LeaderPatch(Schema):
    version: int | None = None
    name: str | None = None
    post: str | None = None
    cv: str | None = None
    duties: str | None = None
    order: int | None = None


def _page(limit: int, offset: int) -> tuple[int, int]:
    if not 1 <= limit <= 100:
        raise Invalid("limit 应为1至100", code="limit_invalid", field="limit")
    if offset < 0:
        raise Invalid("offset 不能为负数", code="offset_invalid", field="offset")
    return limit, offset


def _site_out(s: Site) -> dict:
    return {
        "code": queries.site_code_of(s),
        "name": s.name,
        "level": s.level,
        "level_label": s.get_level_display(),
        "jurisdiction": s.jurisdiction.code,
        "agency": s.agency.usci if s.agency is not None else "",
        "site_code": s.site_code,
        "url": search.site_root(s),
    }


def _article_out(a: Article, detail: bool = False) -> dict:
    out = {
        "id": a.pk,
        "site": queries.site_code_of(a.site),
        "column": a.column.key,
        "column_name": a.column.name,
        "title": a.title,
        "source": a.source,
        "author": a.author,
        "status": a.status,
        "status_label": a.get_status_display(),
        "published_at": a.published_at,
        "version": a.version,
        "url": search.url_of(a) if a.status == Article.PUBLISHED else "",
    }
    if detail:
        out |= {"body": a.body, "status_reason": a.status_reason}
    return out


def _leader_out(x: Leader) -> dict:
    return {
        "id": x.pk,
        "site": queries.site_code_of(x.site),
        "name": x.name,
        "post": x.post,
        "cv": x.cv,
        "duties": x.duties,
        "order": x.order,
        "has_photo": bool(x.photo),
        "status": x.status,
        "status_label": x.get_status_display(),
        "version": x.version,
    }


def _public_site(code: str) -> Site:
    site = queries.site_by_code(code)
    if site is None:
        raise NotFound(f"网站“{code}”不存在", code="unknown_site", field="code")
    return site


# --- public ------------------------------------------------------------------------------------


@router.get("/", response=SitePage, auth=public, summary="政府网站")
def sites(request, level: str = "", jurisdiction: str = "", limit: int = 100, offset: int = 0):
    """`level`: prefecture、county、township、village、department；`jurisdiction` 含下级。"""
    limit, offset = _page(limit, offset)
    qs = Site.objects.select_related("jurisdiction", "agency").order_by("scope_path", "agency_id")
    if level:
        if level not in dict(Site.LEVELS):
            raise Invalid("网站类型不正确", code="level_invalid", field="level")
        qs = qs.filter(level=level)
    if jurisdiction:
        j = Jurisdiction.objects.filter(code=jurisdiction.strip()).first()
        if j is None:
            raise NotFound(
                f"区划代码“{jurisdiction}”不存在", code="unknown_jurisdiction", field="jurisdiction"
            )
        qs = qs.filter(scope_path__startswith=j.path)
    return {"count": qs.count(), "results": [_site_out(s) for s in qs[offset : offset + limit]]}


@router.get("/{code}/columns", response=list[ColumnOut], auth=public, summary="网站的栏目")
def columns(request, code: str):
    site = _public_site(code)
    root = search.site_root(site)
    return [
        {
            "key": c.key,
            "name": c.name,
            "kind": c.kind,
            "update_days": c.update_days,
            "url": f"{root}lm/{c.key}/",
        }
        for c in queries.columns(site)
    ]


@router.get("/{code}/articles", response=ArticlePage, auth=public, summary="网站已发布的信息")
def articles(request, code: str, column: str = "", limit: int = 20, offset: int = 0):
    limit, offset = _page(limit, offset)
    site = _public_site(code)
    qs = queries.published(site).select_related("site__jurisdiction", "site__agency", "column")
    if column:
        if not site.columns.filter(key=column).exists():
            raise NotFound(f"本网站没有栏目“{column}”", code="unknown_column", field="column")
        qs = qs.filter(column__key=column)
    return {
        "count": qs.count(),
        "results": [_article_out(a) for a in qs[offset : offset + limit]],
    }


@router.get("/{code}/leaders", response=list[LeaderOut], auth=public, summary="网站的领导信息")
def leaders(request, code: str):
    site = _public_site(code)
    return [_leader_out(x) for x in queries.public_leaders(site).select_related("site")]


@router.get("/articles/{article_id}", response=ArticleDetail, auth=public, summary="信息详情")
def article(request, article_id: int):
    found = (
        Article.objects.filter(pk=article_id, status=Article.PUBLISHED)
        .select_related("site__jurisdiction", "site__agency", "column")
        .first()
    )
    if found is None:
        raise NotFound("该信息不存在或未发布", code="article_not_found")
    return _article_out(found, detail=True)


# --- staff -------------------------------------------------------------------------------------


def _staff_site(request, code: str) -> Site:
    site = queries.site_by_code(code)
    if site is None or not queries.staff_sites(request.user).filter(pk=site.pk).exists():
        raise NotFound("该网站不存在或不在您的管辖范围内", code="unknown_site", field="code")
    return site


def _staff_article(request, article_id: int) -> Article:
    found = (
        queries.staff_articles(request.user)
        .filter(pk=article_id)
        .select_related("site__jurisdiction", "site__agency", "column")
        .first()
    )
    if found is None:
        raise NotFound("该信息不存在或不在您的管辖范围内", code="article_not_found")
    return found


def _fresh(a: Article) -> dict:
    a = Article.objects.select_related("site__jurisdiction", "site__agency", "column").get(pk=a.pk)
    return _article_out(a, detail=True)


@router.post(
    "/{code}/articles",
    response={201: ArticleDetail},
    auth=token_or_session,
    summary="撰写信息（草稿）",
)
def create(request, code: str, payload: ArticleIn):
    site = _staff_site(request, code)
    data = payload.dict()
    a = services.create_article(site, data.pop("column"), data, by=request.user)
    return Status(201, _fresh(a))


@router.patch(
    "/articles/{article_id}", response=ArticleDetail, auth=token_or_session, summary="修改草稿"
)
def edit(request, article_id: int, payload: ArticlePatch):
    data = payload.dict(exclude_none=True)
    version = data.pop("version", None)
    a = services.edit_article(
        _staff_article(request, article_id), data, by=request.user, version=version
    )
    return _fresh(a)


@router.post(
    "/articles/{article_id}/submit",
    response=ArticleDetail,
    auth=token_or_session,
    summary="提交审核",
)
def submit(request, article_id: int, payload: VersionIn):
    a = services.submit_article(
        _staff_article(request, article_id), by=request.user, version=payload.version
    )
    return _fresh(a)


@router.post(
    "/articles/{article_id}/return",
    response=ArticleDetail,
    auth=token_or_session,
    summary="退回修改",
)
def return_(request, article_id: int, payload: ReasonIn):
    a = services.return_article(
        _staff_article(request, article_id),
        payload.reason,
        by=request.user,
        version=payload.version,
    )
    return _fresh(a)


@router.post(
    "/articles/{article_id}/publish",
    response=ArticleDetail,
    auth=token_or_session,
    summary="审核发布",
)
def publish(request, article_id: int, payload: VersionIn):
    a = services.publish_article(
        _staff_article(request, article_id), by=request.user, version=payload.version
    )
    return _fresh(a)


@router.post(
    "/articles/{article_id}/withdraw",
    response=ArticleDetail,
    auth=token_or_session,
    summary="撤回",
)
def withdraw(request, article_id: int, payload: ReasonIn):
    a = services.withdraw_article(
        _staff_article(request, article_id),
        payload.reason,
        by=request.user,
        version=payload.version,
    )
    return _fresh(a)


def _staff_leader(request, leader_id: int) -> Leader:
    found = queries.staff_leaders(request.user).filter(pk=leader_id).select_related("site").first()
    if found is None:
        raise NotFound("该领导信息不存在或不在您的管辖范围内", code="leader_not_found")
    return found


def _leader_fresh(x: Leader) -> dict:
    return _leader_out(
        Leader.objects.select_related("site__jurisdiction", "site__agency").get(pk=x.pk)
    )


@router.post(
    "/{code}/leaders",
    response={201: LeaderOut},
    auth=token_or_session,
    summary="添加领导信息（草稿，照片在工作台上传）",
)
def create_leader(request, code: str, payload: LeaderIn):
    x = services.create_leader(_staff_site(request, code), payload.dict(), by=request.user)
    return Status(201, _leader_fresh(x))


@router.patch(
    "/leaders/{leader_id}", response=LeaderOut, auth=token_or_session, summary="修改领导信息"
)
def edit_leader(request, leader_id: int, payload: LeaderPatch):
    data = payload.dict(exclude_none=True)
    version = data.pop("version", None)
    x = services.edit_leader(
        _staff_leader(request, leader_id), data, by=request.user, version=version
    )
    return _leader_fresh(x)


LEADER_STEPS = {
    "submit": ("提交审核", lambda x, p, by: services.submit_leader(x, by=by, version=p.version)),
    "return": (
        "退回修改",
        lambda x, p, by: services.return_leader(x, p.reason, by=by, version=p.version),
    ),
    "publish": ("审核发布", lambda x, p, by: services.publish_leader(x, by=by, version=p.version)),
    "withdraw": (
        "撤回",
        lambda x, p, by: services.withdraw_leader(x, p.reason, by=by, version=p.version),
    ),
}


@router.post(
    "/leaders/{leader_id}/{step}",
    response=LeaderOut,
    auth=token_or_session,
    summary="领导信息：提交审核（submit）、退回（return）、发布（publish）、撤回（withdraw）",
)
def leader_step(request, leader_id: int, step: str, payload: ReasonIn):
    if step not in LEADER_STEPS:
        raise NotFound("没有这个操作", code="unknown_step", field="step")
    x = LEADER_STEPS[step][1](_staff_leader(request, leader_id), payload, request.user)
    return _leader_fresh(x)
