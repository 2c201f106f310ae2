"""The contract between the apps that publish and the search app that indexes. It lives in
core, below both, so a publishing app never imports the search app (as `core.measures` for
supervision). A publishing app (disclosure, services, interaction…):

1. registers a provider in its AppConfig.ready(), a function yielding every public record of a
   kind as a `SearchDoc` (used by `manage.py reindex_search`)::

       searchable.register("disclosure", public_documents, label="政府信息公开")

   A kind only staff may search (the 公文库, the requests §44 compares) registers with
   `internal=True`: public search never shows it, and searching it takes the searcher's reach.

2. calls `searchable.changed(doc)` when a record is published or edited, and
   `searchable.removed(kind, key)` when it is withdrawn, repealed or deleted — inside the same
   transaction as the change, so the index never shows what was rolled back. A bulk import of
   new public records calls `searchable.added(docs)` once per batch instead.

The search app listens (`listen`) and owns the index. Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class SearchDoc:
    """One public record as search sees it. `key` is unique within `kind` (e.g. the 索引号 or pk).

    `jurisdiction_path` is the publishing jurisdiction's path ("433100/433101/"), so a sub-site
    finds its own subtree; `column` is the catalogue column or item type (栏目), free text.
    `keywords` name the record as its title does (an item's 审批结果名称: 营业执照) and weigh
    as much as the title; they are not shown. Records sharing a `group` within a kind are one
    thing implemented in several places (an item's catalogue identity): search shows them as
    one result listing the places, unless a place is chosen.
    Personal data must already be masked: search shows what it is given.
    """

    kind: str
    key: str
    title: str
    body: str
    url: str
    jurisdiction_path: str
    agency_id: int | None = None
    agency_name: str = ""
    column: str = ""
    year: int | None = None
    published_at: dt.datetime | dt.date | None = None
    keywords: str = ""
    group: str = ""


@dataclass(frozen=True)
class Provider:
    kind: str
    label: str
    docs: Callable[[], Iterable[SearchDoc]]
    # Staff-only records (the 公文库, 依申请公开 requests): indexed alike, never in public search;
    # searched only with the searcher's reach (search.index.search).
    internal: bool = False


Listener = tuple[
    Callable[[SearchDoc], None],
    Callable[[str, str], None],
    Callable[[list[SearchDoc]], None] | None,
]

_providers: dict[str, Provider] = {}
_listeners: list[Listener] = []


def register(
    kind: str, docs: Callable[[], Iterable[SearchDoc]], *, label: str = "", internal: bool = False
) -> None:
    """Declare a kind of record and how to list all of it (for re-indexing); `internal` kinds
    are for staff only."""
    _providers[kind] = Provider(kind, label or kind, docs, internal)


def unregister(kind: str) -> None:
    _providers.pop(kind, None)


def providers() -> list[Provider]:
    return list(_providers.values())


def get(kind: str) -> Provider | None:
    return _providers.get(kind)


def internal_kinds() -> tuple[str, ...]:
    return tuple(sorted(p.kind for p in _providers.values() if p.internal))


def kind_label(kind: str) -> str:
    provider = _providers.get(kind)
    return provider.label if provider else kind


def all_docs(kind: str | None = None) -> Iterator[SearchDoc]:
    for provider in providers():
        if kind is None or provider.kind == kind:
            yield from provider.docs()


def listen(
    on_changed: Callable[[SearchDoc], None],
    on_removed: Callable[[str, str], None],
    on_added: Callable[[list[SearchDoc]], None] | None = None,
) -> None:
    """The search app subscribes here (once, in its ready()). `on_added` takes a batch of new
    records at once; without it `added` hands them to `on_changed` one by one."""
    if (on_changed, on_removed, on_added) not in _listeners:
        _listeners.append((on_changed, on_removed, on_added))


def changed(doc: SearchDoc) -> None:
    """A public record was published or edited: (re)index it now."""
    for on_changed, _, _ in _listeners:
        on_changed(doc)


def added(docs: Iterable[SearchDoc]) -> None:
    """Many records made public for the first time (a bulk import): indexed as one batch."""
    docs = list(docs)
    for on_changed, _, on_added in _listeners:
        if on_added is not None:
            on_added(docs)
        else:
            for doc in docs:
                on_changed(doc)


def removed(kind: str, key: str) -> None:
    """A record is no longer public: take it out of search."""
    for _, on_removed, _ in _listeners:
        on_removed(kind, str(key))


# "More like this" (条例 §44's like requests): the search app hands its finder in (ready()), so a
# business app asks here without importing search (tests/test_layering.py).
_similar: list[Callable[..., list]] = []


def answer_similar(finder: Callable[..., list]) -> None:
    """The search app's `similar.similar`, handed in once."""
    _similar[:] = [finder]


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
) -> list:
    """The records of `kind` like `text`, best first, each with its `key` and `score` (0..1),
    those at or above `threshold` (settings.ZHENGWU_SIMILAR_THRESHOLD); none without search."""
    if not _similar:
        return []
    return _similar[0](
        text,
        kind=kind,
        agency_id=agency_id,
        jurisdiction_path=jurisdiction_path,
        since=since,
        exclude=tuple(exclude),
        limit=limit,
        threshold=threshold,
    )
