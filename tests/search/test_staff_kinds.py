"""Staff-only kinds (the 公文库, the requests §44 compares): indexed like public records, never in
public search, searched only within the searcher's reach; and `similar`, "more like this"."""

import dataclasses
import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from zhengwu.core import searchable
from zhengwu.core.errors import NotAllowed
from zhengwu.core.searchable import similar
from zhengwu.org import scopes
from zhengwu.org.models import Jurisdiction, Role, RoleAssignment, User
from zhengwu.search import index, queries

from .conftest import KIND

STAFF_KIND = "teststaff"


@pytest.fixture
def staff_records(library, agency, fh_agency):
    """Records of a staff-only kind: two of 吉首市市场监管局, one of a 凤凰县 agency."""
    searchable.register(STAFF_KIND, lambda: [], label="测试内部文件", internal=True)
    jishou = Jurisdiction.objects.get(code="433101").path
    fenghuang = Jurisdiction.objects.get(code="433123").path
    base = library.publish("p1", "食品安全抽检结果公告")  # a public record alongside
    made = []
    for key, title, where, who in [
        ("s1", "关于食品安全抽检工作的请示", jishou, agency),
        ("s2", "食品安全抽检经费的批复", jishou, agency),
        ("s3", "食品安全抽检情况的报告", fenghuang, fh_agency),
    ]:
        doc = dataclasses.replace(
            base,
            kind=STAFF_KIND,
            key=key,
            title=title,
            url=f"/workbench/test/{key}/",
            jurisdiction_path=where,
            agency_id=who.pk,
        )
        searchable.changed(doc)
        made.append(doc)
    yield made
    searchable.unregister(STAFF_KIND)


def staff(username, role, *, agency=None, jurisdiction=None):
    user = User.objects.create_user(
        username=username,
        password="x",
        kind=User.STAFF,
        real_name=username,
        password_changed_at=timezone.now(),
    )
    RoleAssignment.objects.create(user=user, role=role, agency=agency, jurisdiction=jurisdiction)
    return user


def keys(results):
    return sorted(h.key for h in results.hits)


def test_public_search_never_shows_a_staff_only_record(staff_records, client):
    assert keys(index.search("食品安全抽检")) == ["p1"]
    assert STAFF_KIND not in dict(queries.kinds())
    r = client.get("/api/v1/search", {"q": "食品安全抽检", "kind": STAFF_KIND})
    assert r.status_code == 422 and r.json()["code"] == "unknown_kind"
    r = client.get("/search/", {"q": "食品安全抽检", "kind": STAFF_KIND})
    assert "关于食品安全抽检工作的请示" not in r.content.decode()


def test_a_staff_only_kind_needs_the_searchers_reach(staff_records):
    with pytest.raises(NotAllowed):
        index.search("食品安全抽检", kind=STAFF_KIND)
    with pytest.raises(NotAllowed):
        searchable.search("食品安全抽检", kind=STAFF_KIND, reach=None)


def test_reach_is_the_agency_held_or_the_jurisdiction_subtree(staff_records, agency):
    officer = staff("s-officer", Role.DISCLOSURE_OFFICER, agency=agency)
    county = staff(
        "s-county", Role.OPENNESS_ADMIN, jurisdiction=Jurisdiction.objects.get(code="433123")
    )
    prefecture = staff(
        "s-zhou", Role.OPENNESS_ADMIN, jurisdiction=Jurisdiction.objects.get(code="433100")
    )
    nobody = staff("s-clerk", Role.WINDOW_CLERK, agency=agency)
    readers = [Role.DISCLOSURE_OFFICER, Role.OPENNESS_ADMIN]

    def found(user):
        reach = scopes.reach(user, readers)
        return keys(searchable.search("食品安全抽检", kind=STAFF_KIND, reach=reach))

    assert found(officer) == ["s1", "s2"]
    assert found(county) == ["s3"]
    assert found(prefecture) == ["s1", "s2", "s3"]
    assert found(nobody) == []  # a role that does not read these records reaches none
    assert scopes.reach(User(is_superuser=True)).everything


REQUESTS = [
    ("r1", "2024年城区道路改造工程的预算", "请提供预算金额及资金来源"),
    ("r2", "城区道路改造工程2024年预算资金", ""),
    ("r3", "申请公开2024年度城区道路改造工程预算", "包括预算批复文件"),
    ("r4", "2023年城区供水管网改造招标文件", "招标文件及中标结果"),
    ("r5", "乡镇敬老院床位数量", ""),
]


@pytest.fixture
def requests_indexed(library, agency, fh_agency):
    searchable.register(STAFF_KIND, lambda: [], label="测试内部文件", internal=True)
    base = library.publish("p0", "无关的公开文件")
    for i, (key, title, body) in enumerate(REQUESTS):
        searchable.changed(
            dataclasses.replace(
                base,
                kind=STAFF_KIND,
                key=key,
                title=title,
                body=body,
                url=f"/workbench/test/{key}/",
                agency_id=agency.pk,
                published_at=dt.datetime(2026, 1 + i, 5, 9, 0, tzinfo=index.CHINA),
            )
        )
    yield agency
    searchable.unregister(STAFF_KIND)


def test_similar_finds_the_same_information_in_other_words(requests_indexed):
    text = "城区道路改造工程2024年的预算情况"
    found = similar(text, kind=STAFF_KIND, agency_id=requests_indexed.pk)
    assert [s.key for s in found] == sorted(
        [s.key for s in found], key=lambda k: -next(s.score for s in found if s.key == k)
    )
    assert {s.key for s in found} == {"r1", "r2", "r3"}
    assert all(0.6 <= s.score <= 1 for s in found)


def test_similar_leaves_out_other_bodies_older_records_and_the_record_itself(
    requests_indexed, fh_agency
):
    text = "2024年城区道路改造工程的预算"
    assert similar(text, kind=STAFF_KIND, agency_id=fh_agency.pk) == []
    since = dt.date(2026, 2, 1)  # r1 was dated 2026-01-05
    found = similar(text, kind=STAFF_KIND, agency_id=requests_indexed.pk, since=since)
    assert {s.key for s in found} == {"r2", "r3"}
    found = similar(text, kind=STAFF_KIND, agency_id=requests_indexed.pk, exclude=("r1",))
    assert "r1" not in {s.key for s in found}


def test_similar_threshold_is_a_setting(requests_indexed):
    # Only r1 holds every word, 资金来源 included; r2 and r3 hold the rest.
    text = "2024年城区道路改造工程的预算及资金来源"
    with override_settings(ZHENGWU_SIMILAR_THRESHOLD=0.99):
        strict = similar(text, kind=STAFF_KIND, agency_id=requests_indexed.pk)
    default = similar(text, kind=STAFF_KIND, agency_id=requests_indexed.pk)
    loose = similar(text, kind=STAFF_KIND, agency_id=requests_indexed.pk, threshold=0.1)
    assert [s.key for s in strict] == ["r1"] and strict[0].score == 1
    assert {s.key for s in default} == {"r1", "r2", "r3"}
    # r4 shares 城区 and 改造 but asks about 2023: another year is other information.
    assert {s.key for s in loose} == {"r1", "r2", "r3"}


def test_similar_is_staff_only_too_and_never_matches_public_kinds(requests_indexed):
    # The public record (p0) would score 1.0; similar compares one kind only.
    assert similar("无关的公开文件", kind=STAFF_KIND, threshold=0.99) == []
    assert similar("", kind=STAFF_KIND) == []
    assert KIND != STAFF_KIND


def test_the_same_matter_of_another_village_or_year_is_other_information(library, agency):
    searchable.register(STAFF_KIND, lambda: [], label="测试内部文件", internal=True)
    base = library.publish("p0", "无关的公开文件")
    for key, title in [
        ("v1", "青干村2023年土地征收补偿安置方案"),
        ("v2", "茶群村2023年土地征收补偿安置方案"),
        ("v3", "青干村2022年土地征收补偿安置方案"),
        ("v4", "关于青干村2023年度土地征收的补偿安置方案"),
    ]:
        searchable.changed(
            dataclasses.replace(base, kind=STAFF_KIND, key=key, title=title, url=f"/t/{key}/")
        )
    found = similar("青干村2023年土地征收补偿安置方案", kind=STAFF_KIND, exclude=("v1",))
    assert [s.key for s in found] == ["v4"]
    searchable.unregister(STAFF_KIND)
