"""Guides join the platform's search (contract: `zhengwu.core.searchable`).

Each active item is one search document of kind "services.guide", keyed by the item's pk and
linked to its guide page. Its result (审批结果名称: 营业执照) weighs as its name does, so a search
for a licence finds the items that issue it before those that only ask for it as a material;
the items of one catalogue entry (基本编码 and name) in every county are one search result.
"""

from __future__ import annotations

from zhengwu.core import searchable

KIND = "services.guide"


def document(item):
    prefix = f"/site/{item.jurisdiction.code}" if item.jurisdiction.parent_id else ""
    body = "\n".join(
        part
        for part in [
            item.conditions,
            item.legal_basis,
            item.themes,
            "、".join(m.name for m in item.materials.all()),
            item.result_name,
        ]
        if part
    )
    return searchable.SearchDoc(
        kind=KIND,
        key=str(item.pk),
        title=item.name,
        body=body,
        url=f"{prefix}/zwfw/guide/{item.pk}/",
        jurisdiction_path=item.scope_path,
        agency_id=item.agency_id,
        agency_name=item.agency.name,
        column=item.item_type.name,
        year=item.effective_on.year,
        published_at=item.effective_on,
        keywords=item.result_name,
        group=f"{item.basic_code} {item.name}",
    )


def documents():
    from .models import Item

    qs = (
        Item.objects.filter(state=Item.ACTIVE)
        .select_related("agency", "jurisdiction", "item_type")
        .prefetch_related("materials")
    )
    for item in qs.iterator(chunk_size=500):
        yield document(item)


def changed(item) -> None:
    searchable.changed(document(item))


def removed(item) -> None:
    searchable.removed(KIND, str(item.pk))


def register() -> None:
    searchable.register(KIND, documents, label="办事指南")
