"""What search sees of 政民互动: answered, published messages, built only from the masked,
moderated public texts (the contract of zhengwu.core.searchable)."""

from __future__ import annotations

from collections.abc import Iterator

from zhengwu.core import searchable

KIND = "interaction"


def as_search_doc(m) -> searchable.SearchDoc:
    return searchable.SearchDoc(
        kind=KIND,
        key=str(m.pk),
        title=m.public_title,
        body=f"{m.public_body}\n{m.public_reply}",
        url=f"/hdjl/messages/{m.number}/",
        jurisdiction_path=m.mailbox.scope_path,
        agency_id=m.reply_agency_id,
        agency_name=m.reply_agency.name if m.reply_agency_id else "",
        column=m.get_kind_display(),
        year=m.replied_on.year if m.replied_on else None,
        published_at=m.published_at,
    )


def documents() -> Iterator[searchable.SearchDoc]:
    from .models import Message

    qs = Message.objects.filter(publication=Message.PUBLISHED).select_related(
        "mailbox", "reply_agency"
    )
    for m in qs.iterator(chunk_size=500):
        yield as_search_doc(m)


def register() -> None:
    searchable.register(KIND, documents, label="留言答复")


def changed(message) -> None:
    searchable.changed(as_search_doc(message))


def removed(message) -> None:
    searchable.removed(KIND, str(message.pk))
