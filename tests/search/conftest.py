"""Search fixtures: a provider registered through the public contract, with real documents."""

import datetime as dt

import pytest

from zhengwu.core import searchable
from zhengwu.core.searchable import SearchDoc
from zhengwu.org.models import Agency, Jurisdiction

KIND = "testdoc"


class Library:
    """The documents a test publishes; the provider lists exactly these."""

    def __init__(self):
        self.docs: dict[str, SearchDoc] = {}

    def publish(
        self,
        key,
        title,
        body="",
        *,
        where="433101",
        agency=None,
        column="",
        year=2024,
        month=3,
        keywords="",
        group="",
    ):
        j = Jurisdiction.objects.get(code=where)
        doc = SearchDoc(
            kind=KIND,
            key=key,
            title=title,
            body=body,
            url=f"/xxgk/doc/{key}/",
            jurisdiction_path=j.path,
            agency_id=agency.pk if agency else None,
            column=column,
            year=year,
            published_at=dt.datetime(year, month, 1, 9, 0, tzinfo=dt.UTC),
            keywords=keywords,
            group=group,
        )
        self.docs[key] = doc
        searchable.changed(doc)
        return doc

    def withdraw(self, key):
        self.docs.pop(key)
        searchable.removed(KIND, key)


@pytest.fixture
def library(db):
    """Only the test's documents: the demo's indexed records and the apps' providers are set
    aside for the test (inside its transaction) and put back afterwards."""
    from zhengwu.search.models import Entry

    Entry.objects.all().delete()
    others = {p.kind: p for p in searchable.providers()}
    for kind in others:
        searchable.unregister(kind)
    lib = Library()
    searchable.register(KIND, lambda: list(lib.docs.values()), label="测试文件")
    yield lib
    searchable.unregister(KIND)
    for p in others.values():
        searchable.register(p.kind, p.docs, label=p.label, internal=p.internal)


@pytest.fixture
def fh_agency(db):
    return Agency.objects.filter(jurisdiction__code="433123").order_by("pk").first()
