"""The 公文库 in search, staff-only (an internal kind): every record, public or not, with its
title and 发文字号 as keywords and its files' text as the body — a secret record's title only
(涉密信息不得在非涉密信息系统中处理: its files are never here anyway). Scoped by the record's
agency and scope_path, dated by its 成文日期; the link is the record's workbench page."""

from __future__ import annotations

from collections.abc import Iterator

from zhengwu.core import searchable
from zhengwu.core.searchable import SearchDoc

from .models import OfficialDocument

KIND = "archive"
LABEL = "公文库"


def url(record: OfficialDocument) -> str:
    return f"/workbench/archive/{record.pk}/"


def to_doc(record: OfficialDocument, texts: list[str] | None = None) -> SearchDoc:
    if texts is None:
        texts = [] if record.is_secret else [f.text for f in record.files.all()]
    return SearchDoc(
        kind=KIND,
        key=str(record.pk),
        title=record.title,
        body="" if record.is_secret else "\n".join(t for t in texts if t),
        url=url(record),
        jurisdiction_path=record.scope_path,
        agency_id=record.agency_id,
        agency_name=record.agency.name if record.agency_id else "",
        column=record.doc_type,
        published_at=record.written_on,
        keywords=" ".join(p for p in (record.doc_number, record.issuing_body) if p),
    )


def all_docs() -> Iterator[SearchDoc]:
    qs = OfficialDocument.objects.select_related("agency").prefetch_related("files")
    for record in qs.order_by("pk").iterator(chunk_size=500):
        yield to_doc(record)


def changed(record: OfficialDocument) -> None:
    searchable.changed(to_doc(record))


def added(records: list[OfficialDocument]) -> None:
    searchable.added(to_doc(r) for r in records)


def connect() -> None:
    searchable.register(KIND, all_docs, label=LABEL, internal=True)
