"""What search sees of 公共资源交易: every published notice, its facts masked, at its page on the
trading column (core.searchable, kind "trading"). `publication.publish` calls `changed` inside
the step's transaction; the provider (registered in apps.ready_public) lists them all for
`manage.py reindex_search`."""

from __future__ import annotations

from collections.abc import Iterator

from zhengwu.core import searchable

KIND = "trading"
LABEL = "公共资源交易"


def as_search_doc(notice) -> searchable.SearchDoc:
    from . import publication

    project = notice.project
    return searchable.SearchDoc(
        kind=KIND,
        key=str(notice.pk),
        title=notice.title,
        body=publication.notice_text(notice),
        url=publication.notice_path(notice.pk),
        jurisdiction_path=notice.scope_path,
        agency_id=project.owner_id,
        agency_name=project.owner.name,
        column=publication.KIND_FILTER.get(project.kind, project.kind_label),
        year=notice.published_on.year,
        published_at=notice.published_on,
        keywords=f"{project.name} {project.code}",
    )


def public_notices() -> Iterator[searchable.SearchDoc]:
    """Every published notice, for re-indexing (streamed in chunks)."""
    from .models import Notice

    qs = (
        Notice.objects.filter(state=Notice.PUBLISHED)
        .select_related("project", "project__owner", "project__centre", "project__supervisor")
        .order_by("pk")
    )
    last = 0
    while True:
        chunk = list(qs.filter(pk__gt=last)[:1000])
        if not chunk:
            return
        yield from (as_search_doc(n) for n in chunk)
        last = chunk[-1].pk


def changed(notice) -> None:
    searchable.changed(as_search_doc(notice))


def removed(notice) -> None:
    searchable.removed(KIND, str(notice.pk))
