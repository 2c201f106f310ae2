"""Guides are published to search through the core.searchable contract (changed / removed)."""

import types
from dataclasses import dataclass

import pytest

from zhengwu.services import indexing, services

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Doc:
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
    published_at: object = None
    keywords: str = ""
    group: str = ""


@pytest.fixture
def contract(monkeypatch):
    seen = {"changed": [], "removed": [], "registered": []}
    fake = types.SimpleNamespace(
        SearchDoc=Doc,
        changed=lambda doc: seen["changed"].append(doc),
        removed=lambda kind, key: seen["removed"].append((kind, key)),
        register=lambda kind, docs, label="": seen["registered"].append((kind, docs, label)),
    )
    monkeypatch.setattr(indexing, "searchable", fake)
    return seen


def test_changes_reach_search(contract, make_item, officer):
    item = make_item("食品经营许可（检索测试）", online=True)
    [doc] = contract["changed"]
    assert (doc.kind, doc.key, doc.title) == ("services.guide", str(item.pk), item.name)
    assert doc.url == f"/site/433101/zwfw/guide/{item.pk}/"
    assert doc.jurisdiction_path == item.scope_path and "营业执照" in doc.body
    # Its result weighs as its name; the catalogue entry groups it with other places' items.
    assert doc.keywords == item.result_name
    assert doc.group == f"{item.basic_code} {item.name}"
    new = services.revise(item, {"hours": "全天"}, by=officer, effective_on=item.effective_on)
    assert contract["removed"] == [("services.guide", str(item.pk))]
    assert contract["changed"][-1].key == str(new.pk)
    services.cancel(new, by=officer, reason="取消")
    assert contract["removed"][-1] == ("services.guide", str(new.pk))


def test_register_lists_every_active_guide(contract):
    indexing.register()
    [(kind, docs, label)] = contract["registered"]
    assert (kind, label) == ("services.guide", "办事指南")
    first = next(iter(docs()))
    assert first.kind == "services.guide" and first.title
