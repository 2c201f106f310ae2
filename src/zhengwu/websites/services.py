"""A site's content: its staff write articles and leaders' entries, submit them for review, the
reviewer publishes or returns them, a published one may be withdrawn. Each function takes the
acting user as `by=`, checks the role over the site (its department, or its jurisdiction: a
township clerk holds the 信息公开工作人员 role over the township), then changes the record through
`workflow.transition` (lock, stale version → 409, the state per the model's table, the audit
event, one transaction). Published articles are in search and the page cache moves with them
(`search.changed` / `search.removed`)."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhengwu.core import audit, images, workflow
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.org import permissions
from zhengwu.org.models import Agency
from zhengwu.portal import pagecache
from zhengwu.portal.sites import SITE_CODE

from . import conf, search, wording
from .models import Article, Leader, Site, SiteColumn

ARTICLE_FIELDS = ["title", "body", "source", "author"]
LEADER_FIELDS = ["name", "post", "cv", "duties", "order"]
LIMITS = {"title": 200, "body": 200_000, "source": 100, "author": 50}
LEADER_LIMITS = {"name": 30, "post": 100, "cv": 5000, "duties": 2000}
LABELS = {
    "title": "标题",
    "body": "正文",
    "source": "来源",
    "author": "作者",
    "name": "姓名",
    "post": "职务",
    "cv": "简历",
    "duties": "工作分工",
    "order": "排序",
}


# --- who may act -------------------------------------------------------------------------------


def acting_agency_id(site: Site) -> int | None:
    """The agency whose staff act on the site: the department, or for a government's site the
    government itself (its 信息公开工作人员 work there); a role over the jurisdiction covers both."""
    if site.agency_id:
        return site.agency_id
    cached = getattr(site, "_government_id", False)
    if cached is False:
        cached = (
            Agency.objects.filter(jurisdiction_id=site.jurisdiction_id, kind=Agency.GOVERNMENT)
            .values_list("pk", flat=True)
            .first()
        )
        site._government_id = cached  # type: ignore[attr-defined]
    return cached


def may(user, action: str, site: Site) -> bool:
    return permissions.allows(user, action, agency_id=acting_agency_id(site), path=site.scope_path)


def require(user, action: str, site: Site) -> None:
    permissions.require(user, action, agency_id=acting_agency_id(site), path=site.scope_path)


# --- cleaning ----------------------------------------------------------------------------------


def _text(data: dict, name: str, limits: dict, *, required: bool) -> str:
    value = str(data.get(name) or "").strip()
    if "\x00" in value:
        raise Invalid(f"{LABELS[name]}中含有不允许的空字符", code="nul_character", field=name)
    if required and not value:
        raise Invalid(f"请填写{LABELS[name]}", code=f"{name}_required", field=name)
    if len(value) > limits[name]:
        raise Invalid(
            f"{LABELS[name]}不能超过{limits[name]}字", code=f"{name}_too_long", field=name
        )
    return value


def clean_article(data: dict, *, partial: bool = False) -> dict:
    out = {}
    for name in ARTICLE_FIELDS:
        if not partial or name in data:
            out[name] = _text(data, name, LIMITS, required=name in ("title", "body"))
    return out


def clean_leader(data: dict, *, partial: bool = False) -> dict:
    out: dict = {}
    for name in ("name", "post", "cv", "duties"):
        if not partial or name in data:
            out[name] = _text(data, name, LEADER_LIMITS, required=name != "duties")
    if not partial or "order" in data:
        raw = str(data.get("order") if data.get("order") not in (None, "") else "0").strip()
        if not raw.isdigit() or int(raw) > 999:
            raise Invalid("排序应为0至999的整数", code="order_invalid", field="order")
        out["order"] = int(raw)
    return out


def _reason(text) -> str:
    text = str(text or "").strip()
    if not text:
        raise Invalid("请填写理由", code="reason_required", field="reason")
    if len(text) > 300:
        raise Invalid("理由不能超过300字", code="reason_too_long", field="reason")
    return text


def column_of(site: Site, key: str) -> SiteColumn:
    column = site.columns.filter(key=str(key or "").strip()).first()
    if column is None:
        raise Invalid("请选择本网站的栏目", code="column_invalid", field="column")
    return column


# --- articles ----------------------------------------------------------------------------------


def create_article(site: Site, column_key: str, data: dict, *, by) -> Article:
    """Write an article (草稿) in one of the site's list or page columns."""
    require(by, "websites.article.create", site)
    column = column_of(site, column_key)
    if column.kind == SiteColumn.LEADERS:
        raise Invalid("领导信息栏目请填写领导信息", code="column_is_leaders", field="column")
    fields = clean_article(data)
    with transaction.atomic():
        article = Article.objects.create(
            site=site,
            column=column,
            scope_path=site.scope_path,
            created_by=by if getattr(by, "pk", None) else None,
            **fields,
        )
        audit.record(
            "websites.article.create",
            article,
            actor=by,
            after=audit.snapshot(article, [*ARTICLE_FIELDS, "column_id", "site_id"]),
        )
    return article


def edit_article(article: Article, data: dict, *, by, version=None) -> Article:
    """Change a draft (a returned one too: it is a draft again)."""
    require(by, "websites.article.edit", article.site)
    fields = clean_article(data, partial=True)
    column_key = data.get("column")
    column = column_of(article.site, column_key) if column_key else None
    if column is not None and column.kind == SiteColumn.LEADERS:
        raise Invalid("领导信息栏目请填写领导信息", code="column_is_leaders", field="column")
    with workflow.transition(article, "websites.article.edit", by=by, version=version) as c:
        for name, value in fields.items():
            setattr(c.obj, name, value)
        if column is not None:
            c.obj.column = column
    return article


def _no_wrong_expressions(*texts: str) -> None:
    """严重表述错误 are a 单项否决 of the site (国办秘函〔2019〕19号): publishing is refused,
    naming each one and its right form, so the reviewer corrects the draft first."""
    scanner = wording.scanner()
    found = [w for text in texts for w in scanner.find(text)]
    if found:
        words = "；".join(scanner.words(w) for w in dict.fromkeys(found))
        raise Invalid(f"内容中有严重表述错误：{words}。请退回修改后再发布", code="wrong_expression")


def _with_site(article: Article) -> Article:
    article.site = Site.objects.select_related("jurisdiction", "agency").get(pk=article.site_id)
    article.column = SiteColumn.objects.get(pk=article.column_id)
    return article


def _bump(site: Site) -> None:
    """The site's pages (home, columns, feeds) show what changed."""
    row = (
        Site.objects.filter(pk=site.pk)
        .values_list("jurisdiction__code", "jurisdiction__parent_id", "agency__usci")
        .first()
    )
    if row:
        code, parent, usci = row
        tags = [site_tag(code=code, usci=usci)]
        if parent is None:  # the root's pages are at / as well as /site/<code>/
            tags.append(site_tag(code=None, usci=usci))
        pagecache.bump(*tags)


def site_tag(*, code=None, usci=None) -> str:
    """The pages of one site, named from their URL alone (pagecache needs no query for it)."""
    if usci:
        return f"websites:dept:{str(usci).upper()}"
    return f"websites:gov:{code or ''}"


# --- leaders -----------------------------------------------------------------------------------


def create_leader(site: Site, data: dict, *, by, photo=None) -> Leader:
    require(by, "websites.leader.create", site)
    fields = clean_leader(data)
    checked = _photo(photo) if photo is not None else None
    with transaction.atomic():
        leader = Leader(site=site, scope_path=site.scope_path, **fields)
        if checked:
            leader.photo.save(checked[0], checked[1], save=False)
        leader.save()
        audit.record(
            "websites.leader.create",
            leader,
            actor=by,
            after=audit.snapshot(leader, [*LEADER_FIELDS, "site_id"]),
        )
    return leader


def _photo(upload) -> tuple[str, ContentFile]:
    """PNG or JPEG by its first bytes (core.images), within ZHENGWU_LEADER_PHOTO_MAX_KB."""
    data, ext = images.checked_image(
        upload, max_bytes=conf.leader_photo_max_bytes(), allowed=("png", "jpg"), field="photo"
    )
    return f"{hashlib.sha256(data).hexdigest()[:16]}.{ext}", ContentFile(data)


def edit_leader(leader: Leader, data: dict, *, by, photo=None, version=None) -> Leader:
    require(by, "websites.leader.edit", leader.site)
    fields = clean_leader(data, partial=True)
    checked = _photo(photo) if photo is not None else None
    with workflow.transition(leader, "websites.leader.edit", by=by, version=version) as c:
        for name, value in fields.items():
            setattr(c.obj, name, value)
        if checked:
            c.obj.photo.save(checked[0], checked[1], save=False)
            c.note(photo=checked[0])
    return leader


# --- the steps after writing: one for articles and leaders alike ------------------------------

# What publishing scans for 严重表述错误, per kind.
PUBLISHED_TEXT = {"article": ("title", "body"), "leader": ("name", "post", "cv", "duties")}


def _step(obj: Article | Leader, step: str, *, by, version=None, reason=None):
    """提交审核 / 退回修改 / 审核发布 / 撤回 of an article or a leader entry: a return and a withdrawal
    need a reason; publishing refuses a 严重表述错误 and stamps the time; a published or withdrawn
    article enters or leaves search; the site's pages move with either."""
    kind = "article" if isinstance(obj, Article) else "leader"
    action = f"websites.{kind}.{step}"
    require(by, action, obj.site)
    if step in ("return", "withdraw"):
        reason = _reason(reason)
    with workflow.transition(obj, action, by=by, version=version) as c:
        if step == "publish":
            _no_wrong_expressions(*(getattr(c.obj, name) for name in PUBLISHED_TEXT[kind]))
            c.obj.published_at = timezone.now()
        c.obj.status_reason = reason or ""
        if reason:
            c.note(reason=reason)
        if isinstance(c.obj, Article) and step == "publish":
            search.changed(_with_site(c.obj))
        elif isinstance(c.obj, Article) and step == "withdraw":
            search.removed(c.obj)
        if step in ("publish", "withdraw"):
            _bump(obj.site)
    return obj


def submit_article(article: Article, *, by, version=None) -> Article:
    return _step(article, "submit", by=by, version=version)


def return_article(article: Article, reason: str, *, by, version=None) -> Article:
    return _step(article, "return", by=by, version=version, reason=reason)


def publish_article(article: Article, *, by, version=None) -> Article:
    return _step(article, "publish", by=by, version=version)


def withdraw_article(article: Article, reason: str, *, by, version=None) -> Article:
    return _step(article, "withdraw", by=by, version=version, reason=reason)


def submit_leader(leader: Leader, *, by, version=None) -> Leader:
    return _step(leader, "submit", by=by, version=version)


def return_leader(leader: Leader, reason: str, *, by, version=None) -> Leader:
    return _step(leader, "return", by=by, version=version, reason=reason)


def publish_leader(leader: Leader, *, by, version=None) -> Leader:
    return _step(leader, "publish", by=by, version=version)


def withdraw_leader(leader: Leader, reason: str, *, by, version=None) -> Leader:
    return _step(leader, "withdraw", by=by, version=version, reason=reason)


# --- the department site's 网站标识码 -------------------------------------------------------------


def set_site_code(site: Site, code: str, *, by) -> Site:
    """A department site's own 网站标识码, kept by the 政务公开办 over its jurisdiction."""
    if not permissions.allows(by, "websites.site.code", agency_id=None, path=site.scope_path):
        raise NotFound("该网站不存在或不在您的管辖范围内", code="unknown_site")
    if not site.agency_id:
        raise Invalid(
            "政府门户网站的网站标识码在“网站信息”中维护",
            code="not_department_site",
            field="site_code",
        )
    code = str(code or "").strip()
    if code and not SITE_CODE.match(code):
        raise Invalid("网站标识码应为10位数字或字母", code="bad_site_code", field="site_code")
    with transaction.atomic():
        locked = Site.objects.select_for_update().get(pk=site.pk)
        before = locked.site_code
        locked.site_code = code
        locked.save(update_fields=["site_code"])
        audit.record(
            "websites.site.code",
            locked,
            actor=by,
            before={"site_code": before},
            after={"site_code": code},
        )
        _bump(locked)
    site.site_code = code
    return site
