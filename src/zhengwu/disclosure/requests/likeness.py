"""Requests in the search index, and finding the ones that ask for the same information
(条例 §44).

Every request is indexed as a staff-only kind (`KIND`: never in public search) from the moment it
is registered, inside the registering transaction: its 所需政府信息名称 as the title and its
description as the body — never the applicant's particulars. Likely-same requests are then the
ones whose words overlap most (`core.searchable.similar`, the index's "more like this"), not
links anybody typed: people name the same information in their own words
("2024年城区道路改造工程的预算" / "城区道路改造工程2024年预算资金")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from zhengwu.core import searchable
from zhengwu.core.searchable import SearchDoc

from .models import Request

KIND = "disclosure_request"
LABEL = "依申请公开申请"


def search_doc(req: Request) -> SearchDoc:
    """What search holds of a request: the information asked for, nothing about who asked."""
    return SearchDoc(
        kind=KIND,
        key=str(req.pk),
        title=req.subject,
        body=req.description or "",
        url=f"/workbench/requests/{req.number}/",
        jurisdiction_path=req.scope_path,
        agency_id=req.agency_id,
        published_at=req.received_on,
    )


def all_docs() -> Iterator[SearchDoc]:
    """Every request (for `manage.py reindex_search`)."""
    rows = Request.objects.only(
        "pk", "number", "subject", "description", "scope_path", "agency_id", "received_on"
    ).order_by("pk")
    for req in rows.iterator(chunk_size=2000):
        yield search_doc(req)


def index(req: Request) -> None:
    """A request just registered (or changed what it asks for): into the index now."""
    searchable.changed(search_doc(req))


def index_batch(reqs: Iterable[Request]) -> None:
    """A register imported at once: one batch."""
    searchable.added([search_doc(r) for r in reqs])


def text_of(req: Request) -> str:
    return f"{req.subject} {req.description or ''}".strip()


def like_requests(req: Request, *, since: dt.date) -> list[Request]:
    """The requests to the same body, received from `since` up to `req`'s own day, that search
    finds asking for the same information as `req` (best first; `req` itself left out)."""
    found = searchable.similar(
        text_of(req),
        kind=KIND,
        agency_id=req.agency_id,
        since=since,
        exclude=(str(req.pk),),
        limit=50,
    )
    order = {int(s.key): n for n, s in enumerate(found) if str(s.key).isdigit()}
    if not order:
        return []
    rows = Request.objects.filter(
        pk__in=list(order),
        agency_id=req.agency_id,
        received_on__gte=since,
        received_on__lte=req.received_on,
    )
    return sorted(rows, key=lambda r: order[r.pk])
