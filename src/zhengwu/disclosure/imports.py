"""Import of an agency's existing catalogue (manage.py import_documents, docs/data-import.md).

Every row is validated first, against the database and against the rows above it (a 索引号 used
twice in the file is loaded once and reported on its later line). The good rows are then loaded
in batches, one transaction each, with a handful of queries per batch whatever its size: the
batch's 索引号 reserved per year in one step (`services.reserve_index_nos`, the numbers one-by-one
creation would give), documents, versions and §26 clocks bulk-inserted, one audit event per
document appended to the chain under one lock (`audit.record_many`), and the published ones sent
to search together (`searchable.added`). A batch the database refuses (another writer took one of
its 索引号 in the meantime) is rolled back whole and its rows are tried again one by one, so each
row is either loaded completely or reported with its line number.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.utils import timezone

from zhengwu.core import audit, bulk, clock, searchable, sheets
from zhengwu.core.errors import Conflict, Invalid, ServiceError
from zhengwu.org.models import Agency

from . import search, services
from .models import Column, Document, DocumentVersion

COLUMNS = {
    "索引号": "index_no",
    "名称": "title",
    "内容概述": "summary",
    "生成日期": "created_on",
    "文号": "doc_number",
    "发布日期": "published_on",
    "主题分类": "topic",
    "体裁": "genre",
    "有效性": "validity",
    "关键词": "keywords",
    "栏目": "column",
    "正文": "body",
}
# What registers also call some columns.
ALIASES = {
    "标题": "title",
    "成文日期": "created_on",
    "发文字号": "doc_number",
    "公开日期": "published_on",
}
BY_KEY = {sheets.key(h): f for h, f in (COLUMNS | ALIASES).items()}
VALIDITY = sheets.Choices(
    "有效性",
    {label: code for code, label in Document.VALIDITIES} | {c: c for c, _ in Document.VALIDITIES},
    shown=[label for _, label in Document.VALIDITIES],
)
BATCH = 2000
ACTION = "disclosure.document.import"


@dataclass
class Report:
    total: int = 0  # data rows read
    loaded: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, Chinese reason)

    @property
    def failed(self) -> int:
        return len(self.errors)


@dataclass
class _Row:
    line: int
    fields: dict  # Document field values, validated
    index_no: str  # as given in the file; empty → generated


def import_rows(
    agency: Agency,
    rows: Iterable[tuple[int, dict]],
    *,
    batch: int = BATCH,
    actor_label: str = "import_documents",
    on_error: Callable[[int, str], None] | None = None,
    progress: Callable[[Report], None] | None = None,
    dry_run: bool = False,
    partial: bool = False,
) -> Report:
    """Import `(line number, {header: value})` rows into `agency`'s catalogue. A row with a
    发布日期 comes in published, its §26 clock run from 生成日期 to 发布日期 and late ones flagged;
    a row without one comes in as a draft whose clock is running. `on_error(line, reason)` hears
    each bad row, `progress(report)` runs after each batch. Nothing is loaded if any row is bad
    (unless `partial`: then the good rows are) or on a `dry_run`."""
    report = Report()

    def fail(line: int, reason: str) -> None:
        report.errors.append((line, reason))
        if on_error:
            on_error(line, reason)

    services.ensure_columns(agency)
    columns = {c.code: c for c in Column.objects.filter(agency=agency)}
    good = _validate(agency, rows, columns, report, fail)
    avoid = {r.index_no for r in good if r.index_no}
    if progress:
        progress(report)
    if dry_run or (report.errors and not partial):
        return report
    try:
        with contextlib.nullcontext() if partial else transaction.atomic():
            _load_all(agency, good, columns, avoid, actor_label, batch, report, fail, progress)
            if report.errors and not partial:
                raise _Abandon
    except _Abandon:
        report.loaded = 0
    return report


class _Abandon(Exception):
    """A row failed while loading a file that loads whole or not at all."""


def _load_all(agency, good, columns, avoid, actor_label, batch, report, fail, progress) -> None:
    for start in range(0, len(good), batch):
        chunk = good[start : start + batch]
        try:
            report.loaded += _load(agency, chunk, columns, avoid, actor_label)
        except (DatabaseError, ServiceError):
            for row in chunk:  # the batch left nothing behind: each row again on its own
                try:
                    _recheck(row)
                    report.loaded += _load(agency, [row], columns, avoid, actor_label)
                except ServiceError as e:
                    fail(row.line, e.message)
                except DatabaseError:
                    fail(row.line, "写入数据库失败（可能与其他用户同时写入的数据冲突），本行未导入")
        if progress:
            progress(report)


def _validate(
    agency: Agency, rows: Iterable[tuple[int, dict]], columns: dict, report: Report, fail
) -> list[_Row]:
    read = []
    for line, raw in rows:
        report.total += 1
        read.append(
            (line, {BY_KEY.get(sheets.key(k), str(k).strip()): v for k, v in raw.items() if k})
        )
    given = [str(data.get("index_no") or "").strip() for _, data in read]
    taken = _existing_index_nos({n for n in given if n})
    by_name = {c.name: code for code, c in reversed(columns.items())}
    ids = {code: c.pk for code, c in columns.items()}
    good = []
    for line, data in read:
        try:
            row = _check(agency, line, data, ids, by_name, taken)
        except ServiceError as e:
            fail(line, e.message)
            continue
        if row.index_no:
            taken.add(row.index_no)
        good.append(row)
    return good


def _existing_index_nos(numbers: set[str]) -> set[str]:
    found: set[str] = set()
    numbers_list = sorted(numbers)
    for i in range(0, len(numbers_list), 5000):
        found.update(
            Document.objects.filter(index_no__in=numbers_list[i : i + 5000]).values_list(
                "index_no", flat=True
            )
        )
    return found


def _check(agency, line, data, column_ids, column_codes_by_name, taken) -> _Row:
    """One row's rules, in the order its errors are reported."""
    for name, label in (("created_on", "生成日期"), ("published_on", "发布日期")):
        if sheets.text(data.get(name)):
            data[name] = sheets.date(data[name], label)
    column = str(data.get("column") or "").strip()
    if column and column not in column_ids and column in column_codes_by_name:
        data["column"] = column_codes_by_name[column]
    fields = services.clean(agency, data, columns=column_ids)
    index_no = str(data.get("index_no") or "").strip()
    if index_no and index_no in taken:
        raise Conflict(f"索引号“{index_no}”已存在", code="index_no_exists", field="index_no")
    if len(index_no) > 60:
        raise Invalid("索引号不能超过60个字符", code="index_no_too_long", field="index_no")
    validity = VALIDITY.get(sheets.text(data.get("validity")) or "现行有效")
    published_on = None
    if str(data.get("published_on") or "").strip():
        published_on = services.parse_date(data["published_on"], "published_on", "发布日期")
        if published_on < fields["created_on"]:
            raise Invalid(
                "发布日期不能早于生成日期", code="published_before_created", field="published_on"
            )
        if published_on > timezone.localdate():
            raise Invalid("发布日期不能晚于今天", code="published_in_future", field="published_on")
    fields.update(
        validity=validity,
        published_on=published_on,
        status=Document.PUBLISHED if published_on else Document.DRAFT,
    )
    return _Row(line, fields, index_no)


def _recheck(row: _Row) -> None:
    """What another writer may have changed since validation: the row's own 索引号."""
    if row.index_no and Document.objects.filter(index_no=row.index_no).exists():
        raise Conflict(f"索引号“{row.index_no}”已存在", code="index_no_exists", field="index_no")


def _load(agency: Agency, rows: list[_Row], columns: dict, avoid: set[str], actor_label) -> int:
    """One batch in one transaction: all of it or none of it."""
    by_id = {c.pk: c for c in columns.values()}
    with transaction.atomic():
        years = Counter(r.fields["created_on"].year for r in rows if not r.index_no)
        numbers = {
            year: iter(reserved)
            for year, reserved in services.reserve_index_nos(agency, years, avoid=avoid).items()
        }
        docs, clocks = [], []
        for r in rows:
            doc = Document(
                agency=agency,
                scope_path=agency.scope_path,
                index_no=r.index_no or next(numbers[r.fields["created_on"].year]),
                **r.fields,
            )
            if doc.column_id:
                doc.column = by_id[doc.column_id]
            running = None
            if doc.proactive:
                running = services.prepare_publication_clock(doc)
                if doc.published_on:
                    doc.published_late = bool(
                        running.due_date and doc.published_on > running.due_date
                    )
                    clock.stop(running, on=doc.published_on)
            docs.append(doc)
            clocks.append(running)
        bulk.insert(docs)
        snapshots = [audit.snapshot(doc, services.SNAPSHOT) for doc in docs]
        bulk.insert(
            [
                DocumentVersion(document=doc, number=doc.version, data=snap, note="导入")
                for doc, snap in zip(docs, snapshots, strict=True)
            ]
        )
        for doc, running in zip(docs, clocks, strict=True):
            if running is not None:
                running.subject_id = doc.pk
        bulk.insert([c for c in clocks if c is not None])
        audit.record_many(
            ACTION,
            [(doc, None, snap) for doc, snap in zip(docs, snapshots, strict=True)],
            actor=actor_label,
        )
        searchable.added(
            search.as_search_doc(doc, []) for doc in docs if doc.status == Document.PUBLISHED
        )
    return len(docs)
