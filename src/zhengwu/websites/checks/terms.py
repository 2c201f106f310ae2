"""严重表述错误 (单项否决 1; domain-rules-trading-sites-archive §2.6): a list of wrong → right
pairs (leaders' names and titles, place names, political terms) scanned over every published
article and leader of every site. The right form is masked before the wrong one is looked for,
so a wrong form inside the right one ("新时代中国特色社会主义思想" in the full name) is no hit."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from zhengwu.websites.models import Article, Leader

from .context import Context, Hit
from .models import Finding

DEFAULT_FILE = Path(__file__).parent / "data" / "wrong_terms.json"


@lru_cache(maxsize=4)
def _load(path: str) -> tuple[tuple[str, str, str], ...]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    rows = data["terms"] if isinstance(data, dict) else data
    return tuple((str(r[0]), str(r[1]), str(r[2]) if len(r) > 2 else "") for r in rows if r[0])


def terms() -> tuple[tuple[str, str, str], ...]:
    return _load(settings.ZHENGWU_SITE_WRONG_TERMS_FILE or str(DEFAULT_FILE))


class Scanner:
    def __init__(self, pairs: Iterable[tuple[str, str, str]]):
        pairs = list(pairs)
        self.right_of = {w: (r, what) for w, r, what in pairs}
        rights = sorted({r for _, r, _ in pairs if r}, key=len, reverse=True)
        wrongs = sorted(self.right_of, key=len, reverse=True)
        self.rights = re.compile("|".join(map(re.escape, rights))) if rights else None
        self.wrongs = re.compile("|".join(map(re.escape, wrongs))) if wrongs else None

    def find(self, text: str) -> list[str]:
        if not self.wrongs or not text:
            return []
        if self.rights:
            text = self.rights.sub("\x00", text)
        return list(dict.fromkeys(self.wrongs.findall(text)))


def wrong_terms(ctx: Context) -> Iterable[Hit]:
    scanner = Scanner(terms())
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
