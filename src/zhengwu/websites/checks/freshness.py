"""Column freshness for all sites at once: each column's newest published item, the sites'
newest article, and the 政策文件 column every government carries (its 规章 and 行政规范性文件 in
the disclosure catalogue). Read by the vetoes (首页/栏目不更新, 空白栏目) and the deductions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max

from zhengwu.core.times import BEIJING
from zhengwu.disclosure.models import Document
from zhengwu.websites.models import Article, Leader, SiteColumn

from .context import Context

POLICY_GENRES = [Document.RULE, Document.NORMATIVE]
NEWS_KEYS = {"dtyw"}  # 动态要闻 / 工作动态 (websites/layouts.py)
NOTICE_KEYS = {"tzgg"}  # 通知公告
POLICY_KEY = "zcwj"  # the 政策文件 column: the disclosure catalogue's 规章 and 规范性文件


@dataclass(frozen=True)
class ColumnState:
    pk: int | None  # None: the 政策文件 column (documents, not articles)
    site_id: int
    key: str
    name: str
    kind: str
    update_days: int | None
    items: int
    last: dt.date | None  # Beijing date of the newest published item

    @property
    def empty(self) -> bool:
        return self.items == 0


def _date(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(BEIJING).date()
    return value


def columns(ctx: Context) -> dict[int, list[ColumnState]]:
    """Site → its columns with their newest item (3 grouped queries for all sites)."""
    if "columns" in ctx._cache:
        return ctx._cache["columns"]
    site_ids = [s.pk for s in ctx.sites]
    articles = {
        row["column_id"]: row
        for row in Article.objects.filter(
            site_id__in=site_ids, status=Article.PUBLISHED, published_at__lt=ctx.end
        )
        .values("column_id")
        .annotate(n=Count("id"), last=Max("published_at"))
    }
    leaders = {
        row["site_id"]: row
        for row in Leader.objects.filter(
            site_id__in=site_ids, status=Leader.PUBLISHED, published_at__lt=ctx.end
        )
        .values("site_id")
        .annotate(n=Count("id"), last=Max("published_at"))
    }
    out: dict[int, list[ColumnState]] = {pk: [] for pk in site_ids}
    for pk, site_id, key, name, kind, days in SiteColumn.objects.filter(
        site_id__in=site_ids
    ).values_list("pk", "site_id", "key", "name", "kind", "update_days"):
        row = leaders.get(site_id) if kind == SiteColumn.LEADERS else articles.get(pk)
        out[site_id].append(
            ColumnState(
                pk,
                site_id,
                key,
                name,
                kind,
                days,
                row["n"] if row else 0,
                _date(row["last"]) if row else None,
            )
        )
    for s, policy in policy_columns(ctx).items():
        out[s].append(policy)
    ctx._cache["columns"] = out
    return out


def policy_documents(ctx: Context) -> dict[int, tuple[int, dt.date | None]]:
    """Agency → (published 规章 and 行政规范性文件, newest 发布日期)."""
    if "policy" not in ctx._cache:
        ctx._cache["policy"] = {
            a: (n, last)
            for a, n, last in Document.objects.filter(
                status=Document.PUBLISHED, genre__in=POLICY_GENRES, published_on__lte=ctx.day
            )
            .values("agency_id")
            .annotate(n=Count("id"), last=Max("published_on"))
            .values_list("agency_id", "n", "last")
        }
    return ctx._cache["policy"]


def policy_columns(ctx: Context) -> dict[int, ColumnState]:
    """The 政策文件 column of each site that carries one: the levels of
    ZHENGWU_SITE_POLICY_LEVELS, and any other site once its bodies have published a policy."""
    docs = policy_documents(ctx)
    out = {}
    for s in ctx.sites:
        found = [docs[a] for a in ctx.bodies(s) if a in docs]
        n = sum(f[0] for f in found)
        if n == 0 and s.level not in settings.ZHENGWU_SITE_POLICY_LEVELS:
            continue
        last = max((f[1] for f in found if f[1]), default=None)
        out[s.pk] = ColumnState(
            None,
            s.pk,
            POLICY_KEY,
            "政策文件",
            SiteColumn.LIST,
            settings.ZHENGWU_SITE_NOTICE_DAYS,
            n,
            last,
        )
    return out


def newest_document(ctx: Context) -> dict[int, dt.date]:
    """Site → the newest document its bodies published (any genre), for 首页不更新."""
    by_agency = dict(
        Document.objects.filter(status=Document.PUBLISHED, published_on__lte=ctx.day)
        .values("agency_id")
        .annotate(last=Max("published_on"))
        .values_list("agency_id", "last")
    )
    return ctx.per_site(by_agency)


def kind_of(col: ColumnState) -> str:
    """ "news" (动态要闻类, 2 weeks), "notice" (通知公告/政策文件类, 6 months) or "" (others)."""
    if col.key in NEWS_KEYS or "动态" in col.name or "要闻" in col.name:
        return "news"
    if (
        col.key in NOTICE_KEYS
        or col.key == POLICY_KEY
        or any(w in col.name for w in ("通知公告", "政策文件"))
    ):
        return "notice"
    return ""


def limit_of(col: ColumnState) -> int | None:
    """How many days the column may go without new content, None when it need not be updated."""
    kind = kind_of(col)
    if kind == "news":
        return settings.ZHENGWU_SITE_NEWS_DAYS
    if kind == "notice":
        return settings.ZHENGWU_SITE_NOTICE_DAYS
    return col.update_days


def is_stale(ctx: Context, col: ColumnState) -> bool:
    limit = limit_of(col)
    if limit is None:
        return False
    return col.last is None or col.last < ctx.days_before(limit)  # never updated: not updated
