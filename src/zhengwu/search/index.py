"""The one search interface (检索): upsert, delete, search, reindex — over two backends chosen by
the database vendor: SQLite FTS5 (embedded default) and PostgreSQL tsvector + GIN.

How a query runs:
1. the query is cut into words (segment.query_words); every word must match (AND);
2. filters (jurisdiction subtree, agency, kind, column, year) are plain indexed SQL on Entry;
3. counting: exact up to COUNT_CAP ("10000+" beyond); on PostgreSQL, when the query's rarest
   word is in more than EXACT_UP_TO documents, the total shown is an estimate ("约 73000 条");
4. ranking, title weighted far above body, over a bounded candidate set
   (performance-notes: ranking every one of 300,000 hits of a frequent pair is what makes a
   search slow): the CANDIDATES newest matches — newest by publication date on PostgreSQL,
   most recently indexed on SQLite (the same order when documents are indexed as they are
   published) — ranked by BM25 (SQLite) or title-holds-every-word then ts_rank (PostgreSQL).
   A query with fewer matches ranks them all. Paging stops after CANDIDATES hits. The title
   column holds the record's keywords too (an item's result: 营业执照), so they outweigh a
   mention in the body (a material list);
5. records of one group (an item implemented in several places, Entry.group) are folded into
   one result at their best rank, listing the places; a place filter leaves only its own;
6. the page of hits gets its title and a body snippet highlighted with <mark>, all else escaped
   (snippets.py: the snippet starts and ends at a word).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone
from django.utils.safestring import SafeString

from zhengwu.core import bulk, searchable
from zhengwu.core.errors import Invalid, NotAllowed
from zhengwu.core.searchable import SearchDoc
from zhengwu.org.scopes import Reach

from . import segment
from .models import Entry
from .snippets import highlight, snippet

PAGE_SIZE = 20
CANDIDATES = 500  # ranked per search, per branch (title matches, all matches)
COUNT_CAP = 10_000  # hits are counted up to here; beyond it the page says "10000+"
# PostgreSQL: when the query's rarest word is in more documents than this (the planner's
# estimate), the candidates come from the newest months or years and the total shown is an
# estimate ("约 N 条", _PostgreSQL.newest). Counting
# reads every matching row (about 20 µs each when the table is larger than memory), so exact
# counts stop at a few thousand.
EXACT_UP_TO = 2_000
MAX_QUERY_CHARS = 100
ANALYZE_AFTER = 1_000  # records loaded at once (bulk_load) after which PostgreSQL re-analyses
CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")  # the clock of the `@YYYYMM` month lexemes


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
        "group": f"{doc.kind}:{doc.group}"[:120] if doc.group else "",
        "title_tokens": " ".join(
            part
            for part in (segment.index_text(doc.title), segment.index_text(doc.keywords))
            if part
        ),
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
    if count >= ANALYZE_AFTER and connection.vendor == "postgresql":
        # The planner's statistics are refreshed now, not when autovacuum gets to it: with
        # stale ones it reads a freshly imported kind's rows one by one instead of the GIN
        # index (a §44 comparison right after an import: 6 ms instead of 0.07 ms).
        with connection.cursor() as cur:
            cur.execute("ANALYZE search_entry")
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
    if kind is not None and searchable.get(kind) is None:
        raise Invalid(f"没有名为“{kind}”的检索类别", code="unknown_kind", field="kind")
    started = timezone.now()
    stats = ReindexStats()
    for doc in searchable.all_docs(kind):
        upsert(doc, now=started)
        stats.indexed += 1
        if progress and stats.indexed % every == 0:
            progress(stats.indexed)
    kinds = [kind] if kind else [p.kind for p in searchable.providers()]
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
    # One item implemented in several places: each place's record (none for a single one).
    places: tuple[Place, ...] = ()
    key: str = ""  # the record's key within its kind (a staff page maps hits to its records)


@dataclass(frozen=True)
class Place:
    """Where a grouped result is implemented: the jurisdiction, its agency, its record's page."""

    name: str
    agency: str
    url: str


@dataclass
class Results:
    query: str
    total: int
    page: int
    pages: int
    page_size: int
    total_capped: bool = False  # more than COUNT_CAP hits: `total` is a lower bound
    total_estimated: bool = False  # `total` is the database's estimate (约), not a count
    hits: list[Hit] = field(default_factory=list)
    words: list[str] = field(default_factory=list)


def _prefix(path: str) -> str:
    """A LIKE pattern for the paths under `path` (its wildcards escaped)."""
    return path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass(frozen=True)
class Filters:
    jurisdiction_path: str | None = None
    agency_id: int | None = None
    kind: str | None = None
    column: str | None = None
    year: int | None = None
    # Staff-only kinds left out of a search over every kind (public search).
    hidden_kinds: tuple[str, ...] = ()
    # What a staff searcher may see (org.scopes.reach): their agencies' records and their
    # jurisdictions' subtrees; None: no limit (public kinds).
    reach: Reach | None = None
    since: dt.datetime | None = None  # published (dated) on or after

    def sql(self, alias: str = "e") -> tuple[str, list]:
        parts: list[str] = []
        params: list[object] = []
        if self.jurisdiction_path:
            parts.append(f"{alias}.jurisdiction_path LIKE %s ESCAPE '\\'")
            params.append(_prefix(self.jurisdiction_path))
        for name in ("agency_id", "kind", "column", "year"):
            value = getattr(self, name)
            if value not in (None, ""):
                parts.append(f'{alias}."{name}" = %s')
                params.append(value)
        if self.hidden_kinds and not self.kind:
            parts.append(f"{alias}.kind NOT IN ({', '.join(['%s'] * len(self.hidden_kinds))})")
            params.extend(self.hidden_kinds)
        if self.since is not None:
            parts.append(f"{alias}.published_at >= %s")
            params.append(self.since)
        if self.reach is not None and not self.reach.everything:
            either = [f"{alias}.agency_id = %s" for _ in self.reach.agency_ids]
            either += [f"{alias}.jurisdiction_path LIKE %s ESCAPE '\\'" for _ in self.reach.paths]
            parts.append(f"({' OR '.join(either)})" if either else "1 = 0")
            params.extend([*self.reach.agency_ids, *map(_prefix, self.reach.paths)])
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


@dataclass
class _Found:
    """What a backend found for one page: the hits' count and the page's (id, score)."""

    total: int  # exact up to COUNT_CAP, or the planner's estimate (estimated=True)
    candidates: int  # the matches that are ranked and can be paged through (≤ CANDIDATES)
    ranked: list[Ranked]
    estimated: bool = False


class Ranked(NamedTuple):
    """One ranked candidate, with what grouping needs (Entry.group, the place's path)."""

    id: int
    score: float
    group: str
    path: str


class _SQLite:
    """FTS5: MATCH over the token columns, BM25 with the title weighted 10:1.

    FTS5 reads its doclists in rowid order, either way and lazily, so counting up to COUNT_CAP
    and finding the CANDIDATES newest matches (highest rowid: the most recently indexed) cost
    in proportion to what they return, however many documents match. BM25 then ranks only
    the matches at or above the oldest candidate's rowid (a range FTS5 seeks to); restricting
    it to a list of rowids instead (rowid IN …) makes FTS5 re-run the query per rowid.
    """

    @staticmethod
    def prepare(terms: list[str]) -> str:
        """The FTS5 MATCH expression. Tokens hold only letters, digits and CJK characters
        (segment._clean), so quoting them makes every FTS5 operator in the user's input (NEAR,
        *, ^, -, quotes) inert."""

        def phrase(token: str) -> str:
            return '"' + token.replace('"', '""') + '"'

        return " AND ".join(phrase(t) for t in terms)

    @staticmethod
    def _matches(match: str, filters: Filters) -> tuple[str, list]:
        where, params = filters.sql()
        if not where:  # nothing to filter on: the FTS index alone answers
            return "SELECT rowid AS hit FROM search_entry_fts WHERE search_entry_fts MATCH %s", [
                match
            ]
        return (
            "SELECT search_entry_fts.rowid AS hit FROM search_entry_fts JOIN search_entry e "  # noqa: S608 — fixed fragments; values are parameters
            "ON e.id = search_entry_fts.rowid WHERE search_entry_fts MATCH %s" + where,
            [match, *params],
        )

    def find(self, match: str, filters: Filters) -> _Found:
        matches, params = self._matches(match, filters)
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT count(*) FROM ({matches} LIMIT %s)",  # noqa: S608 — fixed fragments
                [*params, COUNT_CAP + 1],
            )
            total = cur.fetchone()[0]
            if total == 0:
                return _Found(total, 0, [])
            floor = 0
            if total > CANDIDATES:
                cur.execute(
                    f"SELECT min(hit) FROM ({matches} ORDER BY hit DESC LIMIT %s)",  # noqa: S608 — fixed fragments
                    [*params, CANDIDATES],
                )
                floor = cur.fetchone()[0]
            where, params = filters.sql()
            cur.execute(
                "SELECT search_entry_fts.rowid, bm25(search_entry_fts, 10.0, 1.0) AS score, "  # noqa: S608 — fixed fragments; values are parameters
                'e."group", e.jurisdiction_path '
                "FROM search_entry_fts JOIN search_entry e ON e.id = search_entry_fts.rowid "
                "WHERE search_entry_fts MATCH %s AND search_entry_fts.rowid >= %s"
                + where
                + " ORDER BY score, e.published_at DESC, e.id DESC LIMIT %s",
                [match, floor, *params, CANDIDATES],
            )
            # BM25 is negative, best first; shown as a positive score.
            ranked = [Ranked(row[0], -row[1], row[2], row[3]) for row in cur.fetchall()]
        return _Found(total, min(total, CANDIDATES), ranked)


class _PostgreSQL:
    """tsvector + GIN: the 'simple' configuration over jieba's tokens; title matches first.

    The GIN index answers which documents match, but their publication dates and ts_rank need
    each matching row, so the rows read are bounded:
    - the planner's estimate of the documents holding the rarest word (from the column's
      statistics; no row read) decides the path;
    - up to EXACT_UP_TO: one query counts every match exactly and keeps the CANDIDATES newest;
    - above it (a pair of common words matches a third of a million documents): the CANDIDATES
      newest matches are found by adding the newest publication months or years to the query
      (each document's tsvector holds them as `@YYYYMM` and `@YYYY`, migration 0003), so the
      index itself skips the older matches, and the total shown is the window's matches
      scaled to the whole period (约); when a small window cannot hold enough, every match is
      read as in the first case;
    then ts_rank orders only those candidates.
    """

    @staticmethod
    def prepare(terms: list[str]) -> str:
        """The tsquery, as text, built by PostgreSQL from plain words (plainto_tsquery takes no
        operators from its input). Passed back as a constant `%s::tsquery`, so the planner
        uses the GIN index (a CTE or join would hide the value from it).

        In the same round trip, the search's transaction is barred from sequential scans: when
        the planner misjudges a pair of common words, it prefers one, which reads every row's
        tsvector (seconds); the GIN index is always the better path for @@."""
        with connection.cursor() as cur:
            cur.execute(
                "SELECT plainto_tsquery('simple', %s)::text, "
                "set_config('enable_seqscan', 'off', true)",
                [" ".join(terms)],
            )
            return cur.fetchone()[0]

    _NEWEST = " ORDER BY e.published_at DESC NULLS LAST, e.id DESC LIMIT %s"

    def rarest(self, match: str, filters: Filters) -> int:
        """The planner's estimate of the documents holding the query's rarest word (from the
        column's statistics; no row is read): an upper bound of the matches. The estimate for
        the words together assumes they are independent, and words of one phrase (矮寨镇 and
        就业创业 in 矮寨镇人社站就业创业服务) are not: it can be ten times too low."""
        where, params = filters.sql()
        rows = []
        with connection.cursor() as cur:
            for word in match.split(" & "):  # plainto_tsquery joins the words with " & "
                cur.execute(
                    "EXPLAIN (FORMAT JSON) SELECT 1 FROM search_entry e "  # noqa: S608 — fixed fragments; values are parameters
                    "WHERE e.search_vector @@ %s::tsquery" + where,
                    [word, *params],
                )
                plan = cur.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                rows.append(int(plan[0]["Plan"]["Plan Rows"]))
        return min(rows)

    def counted(self, match: str, filters: Filters) -> tuple[int, list[int]]:
        """Every match counted, and the CANDIDATES newest."""
        where, params = filters.sql()
        with connection.cursor() as cur:
            cur.execute(
                "SELECT e.id, count(*) OVER () FROM search_entry e "  # noqa: S608 — fixed fragments; values are parameters
                "WHERE e.search_vector @@ %s::tsquery" + where + self._NEWEST,
                [match, *params, CANDIDATES],
            )
            rows = cur.fetchall()
        return (rows[0][1] if rows else 0), [row[0] for row in rows]

    def newest(self, match: str, filters: Filters, bound: int) -> tuple[int, list[int]] | None:
        """The CANDIDATES newest matches, looked up in the newest publication months, then
        years (each a lexeme of the tsvector: @YYYYMM, @YYYY), with the total estimated from
        the window's share of the time; None when that would take as long as reading every
        match.

        The GIN index reads every document of the window (the period lexemes are rarer than
        common words), so the window starts as small as the estimate allows and stays small:
        at most one year of months, or whole years short of all of them.
        """
        where, params = filters.sql()
        with connection.cursor() as cur:
            cur.execute("SELECT min(published_at), max(published_at) FROM search_entry")
            oldest, latest = cur.fetchone()
        if latest is None:
            return None
        oldest, latest = timezone.localtime(oldest, CHINA), timezone.localtime(latest, CHINA)
        span = (latest.year - oldest.year) * 12 + latest.month - oldest.month + 1
        # As many months as should hold twice the candidates if every document holding the
        # rarest word matched and they were even in time; widened when fewer match.
        months = math.ceil(2 * CANDIDATES * span / bound)
        sql = (
            "SELECT e.id, count(*) OVER () FROM search_entry e WHERE e.search_vector @@ %s::tsquery"  # noqa: S608 — fixed fragments; values are parameters
            + where
            + self._NEWEST
        )
        while True:
            if months <= latest.month:  # within the newest year
                periods = [f"{latest.year}{latest.month - k:02d}" for k in range(months)]
                covered = months
            else:
                years = 1 + math.ceil((months - latest.month) / 12)
                if years > latest.year - oldest.year:
                    return None
                periods = [str(latest.year - k) for k in range(years)]
                covered = latest.month + 12 * (years - 1)
            window = " | ".join(f"'@{p}'" for p in periods)
            with connection.cursor() as cur:
                cur.execute(sql, [f"{match} & ({window})", *params, CANDIDATES])
                rows = cur.fetchall()
            ids = [row[0] for row in rows]
            if len(ids) >= CANDIDATES:
                return _round(math.ceil(rows[0][1] * span / covered)), ids
            # Fewer than the estimate promised: widen to what the window's share suggests.
            months = max(months * 2, math.ceil(months * 2 * CANDIDATES / max(len(ids), 1)))

    def find(self, match: str, filters: Filters) -> _Found:
        if not match:
            return _Found(0, 0, [])
        bound = self.rarest(match, filters)
        window = self.newest(match, filters, bound) if bound > EXACT_UP_TO else None
        if window is not None:
            total, ids = window
            found = _Found(total, len(ids), [], estimated=True)
        else:
            total, ids = self.counted(match, filters)
            found = _Found(total, len(ids), [])
        if not ids:
            return found
        with connection.cursor() as cur:
            cur.execute(
                "SELECT e.id, (e.title_vector @@ %s::tsquery)::int "
                # A document whose title holds every word comes first; then ts_rank (weights
                # D, C, B, A; normalised by log length) orders within — it saturates at 1.0.
                "+ ts_rank('{0.05, 0.1, 0.2, 1.0}', e.search_vector, %s::tsquery, 1) "
                'AS score, e."group", e.jurisdiction_path '
                "FROM search_entry e WHERE e.id = ANY(%s) "
                "ORDER BY score DESC, e.published_at DESC NULLS LAST, e.id DESC",
                [match, match, ids],
            )
            found.ranked = [Ranked(r[0], float(r[1]), r[2], r[3]) for r in cur.fetchall()]
        return found


def _round(n: int) -> int:
    """An estimate to two significant figures: 73,227 → 73,000."""
    step = 10 ** max(0, len(str(n)) - 2)
    return round(n / step) * step


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
    reach: Reach | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> Results:
    """Search everything public, or one staff-only kind within the searcher's `reach`
    (org.scopes.reach). Raises Invalid for an empty or unusable query."""
    terms = clean_query(query)
    hidden = searchable.internal_kinds()
    if kind in hidden and reach is None:
        raise NotAllowed("该类别仅限工作人员在其职责范围内检索")
    filters = Filters(jurisdiction_path, agency_id, kind, column, year, hidden, reach)
    engine = backend()
    if connection.vendor != "postgresql":
        # No transaction here: SQLite's are IMMEDIATE (settings) and would take the write lock.
        return _search(engine, terms, filters, query, page, page_size)
    with transaction.atomic():  # the scope of prepare()'s SET LOCAL
        return _search(engine, terms, filters, query, page, page_size)


def _search(engine, terms, filters, query, page, page_size) -> Results:
    page = max(1, int(page))
    found = engine.find(engine.prepare(terms), filters)
    groups = _grouped(found.ranked)
    # Every member of a group beyond the first is one result less; beyond the candidates the
    # total stays what was counted, less the members folded among the candidates.
    total = found.total - (len(found.ranked) - len(groups))
    results = Results(
        query=(query or "").strip(),
        total=min(total, COUNT_CAP) if not found.estimated else total,
        total_capped=total > COUNT_CAP and not found.estimated,
        total_estimated=found.estimated,
        # Only the candidates are ranked, so paging ends where they end.
        pages=max(1, math.ceil(len(groups) / page_size)),
        page=page,
        page_size=page_size,
        words=list(terms),
    )
    shown = groups[(page - 1) * page_size : page * page_size]
    entries = Entry.objects.in_bulk([m.id for members in shown for m in members])
    names = _place_names({m.path for members in shown if len(members) > 1 for m in members})
    for members in shown:
        e = entries.get(members[0].id)
        if e is None:
            continue
        places = tuple(
            Place(names.get(m.path, m.path), entries[m.id].agency_name, entries[m.id].url)
            for m in members
            if m.id in entries
        )
        results.hits.append(
            Hit(
                title=highlight(e.title, terms),
                url=e.url,
                snippet=snippet(e.body, terms),
                kind=e.kind,
                kind_label=searchable.kind_label(e.kind),
                agency=e.agency_name,
                agency_id=e.agency_id,
                column=e.column,
                year=e.year,
                published_at=e.published_at,
                score=max(m.score for m in members),
                places=places if len(places) > 1 else (),
                key=e.key,
            )
        )
    return results


def _place_names(paths: set[str]) -> dict[str, str]:
    """Each jurisdiction path's name (吉首市, 乾州街道), for the places of grouped results."""
    if not paths:
        return {}
    from zhengwu.org.models import Jurisdiction

    return dict(Jurisdiction.objects.filter(path__in=paths).values_list("path", "name"))


def _grouped(ranked: list[Ranked]) -> list[list[Ranked]]:
    """The ranked candidates with the members of a group (one item implemented in several
    places) folded into one result at the rank of its best member; within it, the places from
    the highest level down (the 州's item first, then the counties' by code)."""
    groups: list[list[Ranked]] = []
    by_group: dict[str, list[Ranked]] = {}
    for r in ranked:
        if not r.group:
            groups.append([r])
        elif r.group in by_group:
            by_group[r.group].append(r)
        else:
            by_group[r.group] = [r]
            groups.append(by_group[r.group])
    for members in by_group.values():
        members.sort(key=lambda m: (m.path.count("/"), m.path))
    return groups
