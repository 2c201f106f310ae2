"""Records like a text ("more like this"), over the same index as search: which 依申请公开
requests ask one body for the same information (条例 §44), whatever their wording.

1. The text is cut into the tokens the index holds (segment.index_text: each word and the
   dictionary words inside it), two characters or more;
2. each token weighs by how informative it is in Chinese at large: jieba's IDF table (a word
   every request has — 的, 情况, 申请 — counts little; 敬老院 or 招标 counts much; a word the
   table lacks, 道路改造 or a year, counts as jieba's median). A table, not counts over the
   records searched: a filler word nobody else used would otherwise weigh the most;
3. the records holding any of the heaviest tokens are the candidates (FTS OR, best first);
4. a candidate's score is the share of the text's weight it holds: 1.0 holds every token;
   those at or above the threshold (settings.ZHENGWU_SIMILAR_THRESHOLD) are like the text.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import jieba.analyse
from django.conf import settings
from django.db import connection

from . import segment
from .index import CHINA, Filters
from .models import Entry

MAX_TOKENS = 40  # of the text, heaviest kept
QUERY_TOKENS = 12  # of them, asked of the index for candidates
CANDIDATES = 200


@functools.cache
def _table() -> tuple[dict[str, float], float]:
    tfidf = jieba.analyse.default_tfidf
    return tfidf.idf_freq, tfidf.median_idf


def _idf(token: str) -> float:
    table, median = _table()
    return table.get(token, median)


@dataclass(frozen=True)
class Similar:
    key: str
    score: float  # 0..1: the share of the text's weight the record holds


def similar(
    text: str,
    *,
    kind: str,
    agency_id: int | None = None,
    jurisdiction_path: str | None = None,
    since: dt.date | None = None,
    exclude: tuple[str, ...] = (),
    limit: int = 50,
    threshold: float | None = None,
) -> list[Similar]:
    """The records of `kind` (a body's, a subtree's, dated `since` or later) like `text`, best
    first; never those keyed in `exclude` (the record being compared)."""
    threshold = settings.ZHENGWU_SIMILAR_THRESHOLD if threshold is None else threshold
    tokens = [t for t in dict.fromkeys(segment.index_text(text).split()) if len(t) > 1]
    if not tokens:
        return []
    start = None
    if since is not None:
        start = dt.datetime.combine(since, dt.time.min, tzinfo=CHINA)
    filters = Filters(jurisdiction_path, agency_id, kind, since=start)
    where, params = filters.sql()
    weight = {t: _idf(t) for t in tokens[:MAX_TOKENS]}
    asked = sorted(weight, key=lambda t: -weight[t])[:QUERY_TOKENS]
    engine = _PostgreSQL if connection.vendor == "postgresql" else _SQLite
    with connection.cursor() as cur:
        ids = engine.candidates(cur, asked, where, params)
    whole = sum(weight.values())
    found = []
    rows = Entry.objects.filter(pk__in=ids).exclude(key__in=exclude)
    for key, title, body in rows.values_list("key", "title_tokens", "body_tokens"):
        held = set(title.split()) | set(body.split())
        score = sum(w for t, w in weight.items() if t in held) / whole
        if score >= threshold:
            found.append(Similar(key, round(score, 3)))
    found.sort(key=lambda s: -s.score)
    return found[:limit]


class _SQLite:
    @staticmethod
    def _match(tokens: list[str]) -> str:
        return " OR ".join('"' + t.replace('"', '""') + '"' for t in tokens)

    @classmethod
    def candidates(cls, cur, tokens: list[str], where: str, params: list) -> list[int]:
        cur.execute(
            "SELECT search_entry_fts.rowid FROM search_entry_fts JOIN search_entry e "  # noqa: S608 — fixed fragments; values are parameters
            "ON e.id = search_entry_fts.rowid WHERE search_entry_fts MATCH %s"
            + where
            + " ORDER BY bm25(search_entry_fts, 10.0, 1.0) LIMIT %s",
            [cls._match(tokens), *params, CANDIDATES],
        )
        return [row[0] for row in cur.fetchall()]


class _PostgreSQL:
    # Tokens hold only letters, digits and CJK characters (segment._clean): quoted, they are
    # plain lexemes to to_tsquery.
    @staticmethod
    def candidates(cur, tokens: list[str], where: str, params: list) -> list[int]:
        query = " | ".join(f"'{t}'" for t in tokens)
        cur.execute(
            "SELECT e.id FROM search_entry e "  # noqa: S608 — fixed fragments; values are parameters
            "WHERE e.search_vector @@ to_tsquery('simple', %s)"
            + where
            + " ORDER BY ts_rank(e.search_vector, to_tsquery('simple', %s)) DESC, e.id DESC"
            " LIMIT %s",
            [query, *params, query, CANDIDATES],
        )
        return [row[0] for row in cur.fetchall()]
