"""The one search interface (检索): upsert, delete, search, reindex — over two backends chosen by
the database vendor: SQLite FTS5 (embedded default) and PostgreSQL tsvector + GIN.

How a query runs:
1. the query is cut into words (segment.query_words); every word must match (AND);
2. filters (jurisdiction subtree, agency, kind, column, year) are plain indexed SQL on Entry;
3. ranking, title weighted far above body: SQLite ranks every match by BM25, which FTS5
   computes from its index without reading rows; PostgreSQL's ts_rank reads each row's
   tsvector, so there the candidates are bounded (performance-notes: ranking every one of
   40,000 hits of a frequent pair is what makes a search slow): the CANDIDATES most recent
   documents matching in the title and the CANDIDATES most recent matching anywhere. On both,
   paging stops after CANDIDATES hits;
4. the page of hits gets its title and a body snippet highlighted with <mark>, all else escaped.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from zhengwu.core import bulk
from zhengwu.core.errors import Invalid

from . import providers, segment
from .models import Entry
from .providers import SearchDoc

PAGE_SIZE = 20
CANDIDATES = 500  # ranked per search, per branch (title matches, all matches)
COUNT_CAP = 10_000  # hits are counted up to here; beyond it the page says "10000+"
MAX_QUERY_CHARS = 100
SNIPPET_CHARS = 120


# --- writing ------------------------------------------------------------------------------


def _as_datetime(value) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(dt.datetime.combine(value, dt.time(9, 0)))


def _fields(doc: SearchDoc, now: dt.datetime) -> dict:
    published_at = _as_datetime(doc.published_at)
    year = doc.year or (timezone.localtime(published_at).year if published_at else None)
    agency_name = doc.agency_name
    if not agency_name and doc.agency_id:
        from zhengwu.org.models import Agency

        agency_name = (
            Agency.objects.filter(pk=doc.agency_id).values_list("name", flat=True).first() or ""
        )
    return {
        "title": doc.title[:500],
        "body": doc.body or "",
        "url": doc.url[:500],
        "jurisdiction_path": doc.jurisdiction_path,
        "agency_id": doc.agency_id,
        "agency_name": agency_name[:100],
        "column": (doc.column or "")[:100],
        "year": year,
        "published_at": published_at,
        "title_tokens": segment.index_text(doc.title),
        "body_tokens": segment.index_text(doc.body),
        "indexed_at": now,
    }


def upsert(doc: SearchDoc, *, now: dt.datetime | None = None) -> Entry:
    """Index a public record, replacing what was indexed under its (kind, key)."""
    if not doc.kind or not doc.key:
        raise Invalid("检索文档缺少类别或标识", code="search_doc_invalid")
    if not doc.url.startswith(("/", "https://", "http://")):  # shown as a link on public pages
        raise Invalid("检索文档的链接应为站内路径或 http(s) 地址", code="search_doc_url")
    values = _fields(doc, now or timezone.now())
    with transaction.atomic():
        entry, _ = Entry.objects.update_or_create(
            kind=doc.kind, key=str(doc.key)[:120], defaults=values
        )
    return entry


def delete(kind: str, key: str) -> int:
    """Take a record out of search; 0 when it was not indexed."""
    deleted, _ = Entry.objects.filter(kind=kind, key=str(key)).delete()
    return deleted


def bulk_load(docs: Iterable[SearchDoc], *, batch: int = 2000, progress=None) -> int:
    """Insert many new records at once (first load, benchmarks); existing keys are not checked."""
    now = timezone.now()
    count, rows = 0, []
    for doc in docs:
        rows.append(Entry(kind=doc.kind, key=str(doc.key)[:120], **_fields(doc, now)))
        if len(rows) >= batch:
            bulk.insert(rows)
            count += len(rows)
            rows = []
            if progress:
                progress(count)
    if rows:
        bulk.insert(rows)
        count += len(rows)
        if progress:
            progress(count)
    return count


@dataclass
class ReindexStats:
    indexed: int = 0
    removed: int = 0


def reindex(
    kind: str | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    every: int = 500,
) -> ReindexStats:
    """Index every record the providers list (one kind or all); drop what they no longer list.

    Idempotent: a second run leaves the same rows. Records indexed before this run started
    and not seen again are removed, so nothing withdrawn lingers.
    """
    if kind is not None and providers.get(kind) is None:
        raise Invalid(f"没有名为“{kind}”的检索类别", code="unknown_kind", field="kind")
    started = timezone.now()
    stats = ReindexStats()
    for doc in providers.all_docs(kind):
        upsert(doc, now=started)
        stats.indexed += 1
        if progress and stats.indexed % every == 0:
            progress(stats.indexed)
    kinds = [kind] if kind else [p.kind for p in providers.providers()]
    stale = Entry.objects.filter(kind__in=kinds, indexed_at__lt=started)
    stats.removed, _ = stale.delete()
    if progress:
        progress(stats.indexed)
    return stats


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    title: SafeString
    url: str
    snippet: SafeString
    kind: str
    kind_label: str
    agency: str
    agency_id: int | None
    column: str
    year: int | None
    published_at: dt.datetime | None
    score: float


@dataclass
class Results:
    query: str
    total: int
    page: int
    pages: int
    page_size: int
    total_capped: bool = False  # more than COUNT_CAP hits: `total` is a lower bound
    hits: list[Hit] = field(default_factory=list)
    words: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Filters:
    jurisdiction_path: str | None = None
    agency_id: int | None = None
    kind: str | None = None
    column: str | None = None
    year: int | None = None

    def sql(self, alias: str = "e") -> tuple[str, list]:
        parts, params = [], []
        if self.jurisdiction_path:
            parts.append(f"{alias}.jurisdiction_path LIKE %s ESCAPE '\\'")
            escaped = (
                self.jurisdiction_path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            )
            params.append(escaped + "%")
        for name in ("agency_id", "kind", "column", "year"):
            value = getattr(self, name)
            if value not in (None, ""):
                parts.append(f'{alias}."{name}" = %s')
                params.append(value)
        return "".join(f" AND {p}" for p in parts), params


def clean_query(query: str | None) -> list[str]:
    """The query's words, or Invalid with a Chinese message a citizen understands."""
    query = (query or "").strip()
    if not query:
        raise Invalid("请输入检索词", code="query_required", field="q")
    if len(query) > MAX_QUERY_CHARS:
        raise Invalid(
            f"检索词过长，请控制在{MAX_QUERY_CHARS}个字以内", code="query_too_long", field="q"
        )
    terms = segment.query_words(query)
    if not terms:
        raise Invalid(
            "检索词中没有可检索的文字，请输入汉字、字母或数字", code="query_no_words", field="q"
        )
    return terms


class _SQLite:
    """FTS5: MATCH over the token columns, BM25 with the title weighted 10:1."""

    @staticmethod
    def prepare(terms: list[str]) -> str:
        """The FTS5 MATCH expression. Tokens hold only letters, digits and CJK characters
        (segment._clean), so quoting them makes every FTS5 operator in the user's input (NEAR,
        *, ^, -, quotes) inert."""

        def phrase(token: str) -> str:
            return '"' + token.replace('"', '""') + '"'

        return " AND ".join(phrase(t) for t in terms)

    def count(self, match: str, filters: Filters) -> int:
        where, params = filters.sql()
        if where:
            sql = (
                "SELECT count(*) FROM (SELECT 1 FROM search_entry_fts JOIN search_entry e "  # noqa: S608 — fixed fragments; values are parameters
                "ON e.id = search_entry_fts.rowid WHERE search_entry_fts MATCH %s"
                + where
                + " LIMIT %s)"
            )
        else:  # nothing to filter on: the FTS index alone knows the count
            sql = "SELECT count(*) FROM (SELECT 1 FROM search_entry_fts WHERE search_entry_fts MATCH %s LIMIT %s)"
            params = []
        with connection.cursor() as cur:
            cur.execute(sql, [match, *params, COUNT_CAP + 1])
            return cur.fetchone()[0]

    def ranked(
        self, match: str, filters: Filters, limit: int, offset: int
    ) -> list[tuple[int, float]]:
        # BM25 comes from the FTS index itself (no row is read to score it), so FTS5 ranks every
        # match; restricting it to a candidate list (rowid IN …) makes FTS5 re-run the query
        # per rowid and is ten times slower.
        where, params = filters.sql()
        sql = (
            "SELECT search_entry_fts.rowid, bm25(search_entry_fts, 10.0, 1.0) AS score "  # noqa: S608 — fixed fragments; values are parameters
            "FROM search_entry_fts JOIN search_entry e ON e.id = search_entry_fts.rowid "
            "WHERE search_entry_fts MATCH %s"
            + where
            + " ORDER BY score, e.published_at DESC, e.id DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [match, *params, limit, offset])
            # BM25 is negative, best first; shown as a positive score.
            return [(row[0], -row[1]) for row in cur.fetchall()]


class _PostgreSQL:
    """tsvector + GIN: the 'simple' configuration over jieba's tokens; title matches first."""

    @staticmethod
    def prepare(terms: list[str]) -> str:
        """The tsquery, as text, built by PostgreSQL from plain words (plainto_tsquery takes no
        operators from its input). Passed back as a constant `%s::tsquery`, so the planner
        uses the GIN index (a CTE or join would hide the value from it)."""
        with connection.cursor() as cur:
            cur.execute("SELECT plainto_tsquery('simple', %s)::text", [" ".join(terms)])
            return cur.fetchone()[0]

    def count(self, match: str, filters: Filters) -> int:
        if not match:
            return 0
        where, params = filters.sql()
        sql = (
            "SELECT count(*) FROM (SELECT 1 FROM search_entry e "  # noqa: S608 — fixed fragments; values are parameters
            "WHERE e.search_vector @@ %s::tsquery" + where + " LIMIT %s) AS hits"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [match, *params, COUNT_CAP + 1])
            return cur.fetchone()[0]

    def ranked(
        self, match: str, filters: Filters, limit: int, offset: int
    ) -> list[tuple[int, float]]:
        where, params = filters.sql()
        recent = " ORDER BY e.published_at DESC NULLS LAST, e.id DESC LIMIT %s"
        sql = (
            "SELECT e.id, (e.title_vector @@ %s::tsquery)::int "  # noqa: S608 — fixed fragments; values are parameters
            # A document whose title holds every word comes first; then ts_rank (weights
            # D, C, B, A; normalised by log length) orders within — it saturates at 1.0.
            "+ ts_rank('{0.05, 0.1, 0.2, 1.0}', e.search_vector, %s::tsquery, 1) AS score "
            "FROM search_entry e WHERE e.id IN ("
            "(SELECT e.id FROM search_entry e WHERE e.title_vector @@ %s::tsquery"
            + where
            + recent
            + ") UNION (SELECT e.id FROM search_entry e WHERE e.search_vector @@ %s::tsquery"
            + where
            + recent
            + ")) ORDER BY score DESC, e.published_at DESC NULLS LAST, e.id DESC LIMIT %s OFFSET %s"
        )
        args = [match, match, match, *params, CANDIDATES, match, *params, CANDIDATES]
        with connection.cursor() as cur:
            cur.execute(sql, [*args, limit, offset])
            return [(row[0], float(row[1])) for row in cur.fetchall()]


def backend():
    return _PostgreSQL() if connection.vendor == "postgresql" else _SQLite()


def search(
    query: str | None,
    *,
    jurisdiction_path: str | None = None,
    agency_id: int | None = None,
    kind: str | None = None,
    column: str | None = None,
    year: int | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> Results:
    """Search everything public. Raises Invalid for an empty or unusable query."""
    terms = clean_query(query)
    filters = Filters(jurisdiction_path, agency_id, kind, column, year)
    engine = backend()
    if connection.vendor != "postgresql":
        # No transaction here: SQLite's are IMMEDIATE (settings) and would take the write lock.
        return _search(engine, terms, filters, query, page, page_size)
    with transaction.atomic():
        # A pair of very common words matches a third of the table: the planner then prefers
        # a sequential scan, which reads every row's tsvector (seconds). The GIN index is
        # always the better path for @@, so this transaction may not scan.
        with connection.cursor() as cur:
            cur.execute("SET LOCAL enable_seqscan = off")
        return _search(engine, terms, filters, query, page, page_size)


def _search(engine, terms, filters, query, page, page_size) -> Results:
    match = engine.prepare(terms)
    total = engine.count(match, filters)
    # Only the bounded candidate set is ranked, so paging ends where it ends.
    reachable = min(total, CANDIDATES)
    pages = max(1, math.ceil(reachable / page_size))
    page = max(1, int(page))
    words = terms
    results = Results(
        query=(query or "").strip(),
        total=min(total, COUNT_CAP),
        total_capped=total > COUNT_CAP,
        page=page,
        pages=pages,
        page_size=page_size,
        words=list(terms),
    )
    if total == 0 or page > pages:
        return results
    ranked = engine.ranked(match, filters, page_size, (page - 1) * page_size)
    entries = Entry.objects.in_bulk([pk for pk, _ in ranked])
    for pk, score in ranked:
        e = entries.get(pk)
        if e is None:
            continue
        results.hits.append(
            Hit(
                title=highlight(e.title, words),
                url=e.url,
                snippet=snippet(e.body, words),
                kind=e.kind,
                kind_label=providers.kind_label(e.kind),
                agency=e.agency_name,
                agency_id=e.agency_id,
                column=e.column,
                year=e.year,
                published_at=e.published_at,
                score=score,
            )
        )
    return results


# --- highlighting -------------------------------------------------------------------------


def _spans(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    lowered = text.lower()
    spans = []
    for word in set(words):
        if not word:
            continue
        start = lowered.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = lowered.find(word, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def highlight(text: str, words: Iterable[str], spans=None) -> SafeString:
    """The text escaped, each occurrence of a query word wrapped in <mark>."""
    spans = _spans(text, words) if spans is None else spans
    out, pos = [], 0
    for s, e in spans:
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 — every piece of text went through escape()


def snippet(body: str, words: Iterable[str], size: int = SNIPPET_CHARS) -> SafeString:
    """A window of the body around the first query word, highlighted."""
    body = " ".join((body or "").split())
    spans = _spans(body, words)
    start = max(0, spans[0][0] - size // 5) if spans else 0
    end = min(len(body), start + size)
    window = [
        (max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start
    ]
    text = highlight(body[start:end], (), spans=window)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(body) else ""
    return mark_safe(prefix + text + suffix)  # noqa: S308 — highlight() escaped the text
