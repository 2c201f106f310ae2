"""Records like a text ("more like this"), over the same index as search: which 依申请公开
requests ask one body for the same information (条例 §44), whatever their wording.

1. The text is cut into the tokens the index holds (segment.index_text: each word and the
   dictionary words inside it), two characters or more;
2. each token weighs by how informative it is in Chinese at large: jieba's IDF table (a word
   every request has — 的, 情况, 申请 — counts little; 敬老院 or 招标 counts much; a word the
   table lacks, 道路改造 or a year, counts as jieba's median). A table, not counts over the
   records searched: a filler word nobody else used would otherwise weigh the most;
3. the candidates are the records holding any of the heaviest tokens, as few of them as carry
   more than (1 − threshold) of the weight: a record holding none of those cannot reach the
   threshold (prefix filtering), so the index is asked for rare words only (FTS OR, newest
   first, at most CANDIDATES);
4. the words that name *which* information — a place of the divisions (寨阳村, 吉首市) or a word
   with a digit (2024, a 文号's number) — must all be in a record like the text: the same
   matter of another village or another year is other information, however many words the
   two share (土地征收补偿安置方案);
5. a candidate's score is the share of the text's weight it holds: 1.0 holds every token;
   those at or above the threshold (settings.ZHENGWU_SIMILAR_THRESHOLD) are like the text.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from . import segment
from .index import CHINA, Filters
from .models import Entry

MAX_TOKENS = 40  # of the text, in its order
CANDIDATES = 500


@functools.cache
def _table() -> tuple[dict[str, float], float]:
    import jieba.analyse  # its table (6 MB) is read on the first comparison, not at start-up

    tfidf = jieba.analyse.default_tfidf
    return tfidf.idf_freq, tfidf.median_idf


def _idf(token: str) -> float:
    table, median = _table()
    return table.get(token, median)


def _names_which(word: str) -> bool:
    """A place of the divisions, or a word with a digit (a year, a number)."""
    return word in segment.places() or any(c.isdigit() for c in word)


def _prefix(weight: dict[str, float], whole: float, threshold: float) -> list[str]:
    """The heaviest tokens, as few as carry more than (1 − threshold) of the text's weight: a
    record holding none of them holds less than `threshold` of it, so asking the index for
    these alone misses no record like the text (prefix filtering), and they are the rarest
    words, so few records hold them."""
    asked, held = [], 0.0
    for token in sorted(weight, key=lambda t: -weight[t]):
        asked.append(token)
        held += weight[token]
        if held > (1 - threshold) * whole:
            break
    return asked


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
    whole = sum(weight.values())
    naming = [w for w in segment.query_words(text, limit=MAX_TOKENS) if _names_which(w)]
    engine = _PostgreSQL if connection.vendor == "postgresql" else _SQLite
    with connection.cursor() as cur:
        ids = engine.candidates(cur, naming, _prefix(weight, whole, threshold), where, params)
    found = []
    rows = Entry.objects.filter(pk__in=ids).exclude(key__in=exclude)
    for key, title, body in rows.values_list("key", "title_tokens", "body_tokens"):
        held = set(title.split()) | set(body.split())
        if not held.issuperset(naming):
            continue
        score = sum(w for t, w in weight.items() if t in held) / whole
        if score >= threshold:
            found.append(Similar(key, round(score, 3)))
    found.sort(key=lambda s: -s.score)
    return found[:limit]


class _SQLite:
    @staticmethod
    def _match(every: list[str], some: list[str]) -> str:
        def phrase(t: str) -> str:
            return '"' + t.replace('"', '""') + '"'

        return " AND ".join([*map(phrase, every), "(" + " OR ".join(map(phrase, some)) + ")"])

    @classmethod
    def candidates(
        cls, cur, every: list[str], some: list[str], where: str, params: list
    ) -> list[int]:
        cur.execute(
            "SELECT search_entry_fts.rowid FROM search_entry_fts JOIN search_entry e "  # noqa: S608 — fixed fragments; values are parameters
            "ON e.id = search_entry_fts.rowid WHERE search_entry_fts MATCH %s"
            + where
            + " ORDER BY search_entry_fts.rowid DESC LIMIT %s",
            [cls._match(every, some), *params, CANDIDATES],
        )
        return [row[0] for row in cur.fetchall()]


class _PostgreSQL:
    # Tokens hold only letters, digits and CJK characters (segment._clean): quoted, they are
    # plain lexemes to to_tsquery.
    @staticmethod
    def candidates(cur, every: list[str], some: list[str], where: str, params: list) -> list[int]:
        query = " & ".join(
            [*(f"'{t}'" for t in every), "(" + " | ".join(f"'{t}'" for t in some) + ")"]
        )
        cur.execute(
            "SELECT e.id FROM search_entry e "  # noqa: S608 — fixed fragments; values are parameters
            "WHERE e.search_vector @@ to_tsquery('simple', %s)"
            + where
            + " ORDER BY e.id DESC LIMIT %s",
            [query, *params, CANDIDATES],
        )
        return [row[0] for row in cur.fetchall()]
