"""The standard catalogue every agency gets, by level (条例 §§20–21 and the key areas), and the demo."""

import io

import pytest

from zhengwu.disclosure import demo
from zhengwu.disclosure.catalogue import ARTICLE_21_TOWNSHIP, KEY_AREAS
from zhengwu.disclosure.models import Document, GazetteIssue, GuideRevision
from zhengwu.org.demo import usci_for
from zhengwu.org.models import Agency, Jurisdiction

pytestmark = pytest.mark.django_db


def test_a_new_township_government_gets_the_township_items_of_article_21():
    township = Jurisdiction.objects.filter(
        level=Jurisdiction.TOWNSHIP, path__startswith="433100/433101/"
    ).first()
    agency = Agency.objects.create(
        usci=usci_for(township.code[:6], 99001),
        name=f"{township.name}人民政府",
        kind=Agency.GOVERNMENT,
        jurisdiction=township,
    )
    codes = set(agency.columns.values_list("code", flat=True))
    assert {f"g20-{n:02d}" for n in range(1, 16)} <= codes
    assert {c for c, _ in ARTICLE_21_TOWNSHIP} <= codes and "g21-szjs" not in codes
    assert {c for c, _ in KEY_AREAS} <= codes
    names = set(agency.columns.values_list("name", flat=True))
    assert {"宅基地使用情况审核", "筹资筹劳", "财政预决算", "住房公积金", "涉农资金"} <= names
    group = agency.columns.get(code="g20")
    assert group.children.count() == 15


def test_county_agencies_have_the_city_and_county_items(jishou_gov):
    names = set(jishou_gov.columns.filter(parent__code="g21").values_list("name", flat=True))
    assert names == {
        "市政建设",
        "公共服务",
        "公益事业",
        "土地征收",
        "房屋征收",
        "治安管理",
        "社会救助",
    }


def test_demo_is_idempotent_and_covers_the_brief():
    counts = (Document.objects.count(), GuideRevision.objects.count(), GazetteIssue.objects.count())
    demo.build(io.StringIO())
    assert (
        Document.objects.count(),
        GuideRevision.objects.count(),
        GazetteIssue.objects.count(),
    ) == counts
    published = Document.objects.filter(status="published")
    assert {d.year for d in published.dates("created_on", "year")} == {2023, 2024, 2025, 2026}
    assert published.filter(published_late=True).exists()
    assert published.filter(validity="repealed").exclude(replaced_by=None).exists()
    assert Document.objects.filter(status__in=["draft", "review"]).exists()
    for code in [
        "433100",
        *Jurisdiction.objects.filter(level="county").values_list("code", flat=True),
    ]:
        assert published.filter(
            agency__jurisdiction__code=code, agency__kind="government"
        ).exists(), code
    # every body under the 条例 has its 指南; 公共企事业单位 publish by their sector's columns
    bodies = Agency.objects.exclude(kind=Agency.ENTERPRISE)
    assert bodies.exclude(guide_revisions=None).count() == bodies.count()
