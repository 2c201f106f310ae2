"""严重表述错误 (单项否决 1): the list of `websites.wording` scanned over every published article
and leader of every site (publishing one is already refused; the list may have grown since)."""

from __future__ import annotations

from collections.abc import Iterable

from zhengwu.websites.models import Article, Leader
from zhengwu.websites.wording import scanner as wording_scanner

from .context import Context, Hit
from .models import Finding


def wrong_terms(ctx: Context) -> Iterable[Hit]:
    scanner = wording_scanner()
    if scanner.wrongs is None:
        return
    by_pk = {s.pk: s for s in ctx.sites}
    articles = (
        Article.objects.filter(
            site_id__in=list(by_pk), status=Article.PUBLISHED, published_at__lt=ctx.end
        )
        .values_list("pk", "site_id", "column__key", "title", "body")
        .iterator(chunk_size=2000)
    )
    for pk, site_id, key, title, body in articles:
        for wrong in scanner.find(f"{title}\n{body}"):
            right, what = scanner.right_of[wrong]
            yield Hit(
                site_id,
                "wrong_terms",
                "严重表述错误",
                Finding.VETO,
                f"“{title}”中{what}“{wrong}”应为“{right}”",
                f"{by_pk[site_id].column_page(key)}{pk}/",
                target=wrong,
                object_type="websites.article",
                object_id=pk,
            )
    leaders = (
        Leader.objects.filter(site_id__in=list(by_pk), status=Leader.PUBLISHED)
        .values_list("pk", "site_id", "name", "post", "cv", "duties")
        .iterator(chunk_size=2000)
    )
    for pk, site_id, name, post, cv, duties in leaders:
        for wrong in scanner.find(f"{name}\n{post}\n{cv}\n{duties}"):
            right, what = scanner.right_of[wrong]
            yield Hit(
                site_id,
                "wrong_terms",
                "严重表述错误",
                Finding.VETO,
                f"领导信息“{name}”中{what}“{wrong}”应为“{right}”",
                by_pk[site_id].column_page("ldxx"),
                target=wrong,
                object_type="websites.leader",
                object_id=pk,
            )
