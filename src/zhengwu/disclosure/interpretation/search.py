"""What search sees of 解读回应: every published 政策解读 (with its Q&A) and every public 新闻发布会
(notice, release, transcript). Providers are registered in apps.ready(); services call
`changed` / `removed` inside the transaction of the change (`zhengwu.core.searchable`)."""

from __future__ import annotations

from collections.abc import Iterator

from zhengwu.core import searchable

KIND = "interpretation"
PRESS_KIND = "press_conference"


def as_search_doc(i) -> searchable.SearchDoc:
    qa = "\n".join(f"{p.get('q', '')}\n{p.get('a', '')}" for p in i.qa or [])
    return searchable.SearchDoc(
        kind=KIND,
        key=str(i.pk),
        title=i.title,
        body="\n".join(part for part in [i.body, qa, i.document.title] if part),
        url=f"/xxgk/zcjd/{i.pk}/",
        jurisdiction_path=i.scope_path,
        agency_id=i.agency_id,
        agency_name=i.agency.name,
        column="政策解读",
        year=i.published_on.year if i.published_on else None,
        published_at=i.published_on,
    )


def public_interpretations() -> Iterator[searchable.SearchDoc]:
    from .queries import published_interpretations

    for i in published_interpretations().order_by("pk").iterator(chunk_size=500):
        yield as_search_doc(i)


def changed(i) -> None:
    searchable.changed(as_search_doc(i))


def removed(i) -> None:
    searchable.removed(KIND, str(i.pk))


def as_press_doc(pc) -> searchable.SearchDoc:
    return searchable.SearchDoc(
        kind=PRESS_KIND,
        key=str(pc.pk),
        title=pc.topic,
        body="\n".join(part for part in [pc.notice, pc.release, pc.transcript] if part),
        url=f"/xxgk/xwfbh/{pc.pk}/",
        jurisdiction_path=pc.scope_path,
        agency_id=pc.agency_id,
        agency_name=pc.agency.name,
        column="新闻发布会",
        year=pc.starts_at.year,
        published_at=pc.starts_at,
    )


def public_conferences() -> Iterator[searchable.SearchDoc]:
    from .models import PressConference
    from .queries import PUBLIC_STATES

    qs = PressConference.objects.filter(state__in=PUBLIC_STATES).select_related("agency")
    for pc in qs.order_by("pk").iterator(chunk_size=500):
        yield as_press_doc(pc)


def press_changed(pc) -> None:
    searchable.changed(as_press_doc(pc))
