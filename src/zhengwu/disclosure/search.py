"""What search sees of 主动公开: every published document with its attachments' text.

The provider is registered in apps.ready(); services call `changed` / `removed` inside the
transaction of the publication or withdrawal (the contract of zhengwu.core.searchable).
"""

from __future__ import annotations

from collections.abc import Iterator

from zhengwu.core import searchable

KIND = "disclosure"


def as_search_doc(doc, attachment_texts: list[str] | None = None) -> searchable.SearchDoc:
    if attachment_texts is None:
        attachment_texts = list(doc.attachments.values_list("text", flat=True))
    body = "\n".join(
        part
        for part in [doc.doc_number, doc.summary, doc.keywords, doc.body, *attachment_texts]
        if part
    )
    return searchable.SearchDoc(
        kind=KIND,
        key=str(doc.pk),
        title=doc.title,
        body=body,
        url=f"/xxgk/doc/{doc.pk}/",
        jurisdiction_path=doc.scope_path,
        agency_id=doc.agency_id,
        agency_name=doc.agency.name,
        column=doc.column.name if doc.column_id else "",
        year=doc.created_on.year,
        published_at=doc.published_on,
    )


def public_documents() -> Iterator[searchable.SearchDoc]:
    """Every published document, for re-indexing (streamed in chunks)."""
    from .models import Attachment, Document

    qs = (
        Document.objects.filter(status=Document.PUBLISHED)
        .select_related("agency", "column")
        .order_by("pk")
    )
    last = 0
    while True:
        chunk = list(qs.filter(pk__gt=last)[:1000])
        if not chunk:
            return
        texts: dict[int, list[str]] = {}
        for doc_id, text in Attachment.objects.filter(
            document_id__in=[d.pk for d in chunk]
        ).values_list("document_id", "text"):
            texts.setdefault(doc_id, []).append(text)
        for doc in chunk:
            yield as_search_doc(doc, texts.get(doc.pk, []))
        last = chunk[-1].pk


def changed(doc) -> None:
    searchable.changed(as_search_doc(doc))


def removed(doc) -> None:
    searchable.removed(KIND, str(doc.pk))
