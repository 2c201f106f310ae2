"""规划目标 from live data: hand-checked counts of the seeded org demo, providers, bad input."""

import datetime as dt

import pytest

from zhengwu.core import measures
from zhengwu.org.models import Jurisdiction, Role, RoleAssignment, ServiceCentre, User
from zhengwu.services.models import Item, ItemType

D = dt.date
pytestmark = pytest.mark.django_db


def by_key(data):
    return {t["key"]: t for t in data["targets"]}


def test_prefecture_targets_with_the_counts_behind_them(client):
    r = client.get("/api/v1/supervision/targets?jurisdiction=433100")
    assert r.status_code == 200
    t = by_key(r.json())
    # 116 township-level rows, of which 军亭界林场 is not a township government: 115 remain.
    town = t["township_centres"]
    assert (town["numerator"], town["denominator"], town["value"]) == (107, 115, 93.0)
    assert town["extra"]["excluded"] == ["军亭界林场"] and "军亭界林场" in town["note"]
    rooms = t["village_rooms"]
    assert (rooms["numerator"], rooms["denominator"]) == (1270, 1797)
    assert rooms["extra"]["with_room"] == 1472
    # 州 12,000 m² ≥ 10,000; of the 8 county centres 5 reach 5,000 m² (吉首 3,800, 古丈 4,200 …).
    area = t["centre_area"]
    assert (area["numerator"], area["denominator"]) == (6, 9)
    centres = {c["centre"]: c for c in area["extra"]["centres"]}
    assert centres["湘西土家族苗族自治州政务服务中心"]["floor_area"] == 12000.0
    assert centres["湘西土家族苗族自治州政务服务中心"]["required"] == 10000
    assert centres["吉首市政务服务中心"] == {
        "centre": "吉首市政务服务中心",
        "floor_area": 3800.0,
        "required": 5000,
        "met": False,
        "standards_met": centres["吉首市政务服务中心"]["standards_met"],
    }
    assert (t["standardization"]["numerator"], t["standardization"]["denominator"]) == (5, 9)
    # Satisfaction comes from the ratings app's provider: 好评 / valid ratings this year.
    from django.utils import timezone

    from zhengwu.ratings.models import Rating

    year = Rating.objects.filter(state="valid", rated_at__year=timezone.localdate().year)
    sat = t["satisfaction"]
    assert sat["extra"]["provider"] == "ratings.good_rate"
    assert (sat["numerator"], sat["denominator"]) == (
        year.filter(level__gte=4).count(),
        year.count(),
    )
    # The disclosure app provides the guides' revision (before the wiring: 暂无数据).
    xiangxi = Jurisdiction.objects.get(code="433100")
    guides = measures.measure("disclosure.guides_revised", xiangxi, year=timezone.localdate().year)
    assert (t["guides_revised"]["numerator"], t["guides_revised"]["denominator"]) == (
        guides["numerator"],
        guides["denominator"],
    )


def test_county_targets_and_a_change_shows_at_once(client):
    t = by_key(client.get("/api/v1/supervision/targets?jurisdiction=433101").json())
    assert (t["township_centres"]["numerator"], t["township_centres"]["denominator"]) == (10, 12)
    assert (t["village_rooms"]["numerator"], t["village_rooms"]["denominator"]) == (102, 152)
    # A village room gets its first agent: the count moves by one.
    room = (
        ServiceCentre.objects.filter(
            scope_path__startswith="433100/433101/", kind=ServiceCentre.VILLAGE_ROOM
        )
        .exclude(staff__role=Role.VILLAGE_AGENT)
        .first()
    )
    agent = User.objects.create(username="newagent", kind=User.STAFF)
    RoleAssignment.objects.create(
        user=agent, role=Role.VILLAGE_AGENT, jurisdiction=room.jurisdiction, centre=room
    )
    t = by_key(client.get("/api/v1/supervision/targets?jurisdiction=433101").json())
    assert t["village_rooms"]["numerator"] == 103
    fh = by_key(client.get("/api/v1/supervision/targets?jurisdiction=433123").json())
    assert (fh["centre_area"]["numerator"], fh["centre_area"]["denominator"]) == (1, 1)


def test_item_targets(client, agency, jishou):
    # Only this test's items count: the catalogue demo's items in 吉首 are set aside.
    Item.objects.filter(scope_path__startswith=jishou.path).update(state=Item.CANCELLED)
    licensing = ItemType.objects.get(code="01")
    public = ItemType.objects.get(code="20")
    n = 0

    def item(kind, **kw):
        nonlocal n
        n += 1
        return Item.objects.create(
            name=f"事项{n}",
            implementation_code=f"T{n}",
            basic_code="000000000001",
            item_type=kind,
            agency=agency,
            jurisdiction=jishou,
            scope_path=jishou.path,
            effective_on=D(2025, 1, 1),
            **kw,
        )

    # 4 licensing items: 3 in the centre, 2 online; statutory 20 → promised 10, 12, 20, 14.
    item(licensing, in_centre=True, online=True, statutory_limit=20, promised_limit=10)
    item(licensing, in_centre=True, online=True, statutory_limit=20, promised_limit=12)
    item(licensing, in_centre=True, online=False, statutory_limit=20, promised_limit=20)
    item(licensing, in_centre=False, online=False, statutory_limit=20, promised_limit=14)
    item(public, in_centre=False, statutory_limit=10, promised_limit=5)
    t = by_key(client.get("/api/v1/supervision/targets?jurisdiction=433101").json())
    assert (t["licensing_in_centre"]["numerator"], t["licensing_in_centre"]["denominator"]) == (
        3,
        4,
    )
    assert t["licensing_in_centre"]["value"] == 75.0 and t["licensing_in_centre"]["met"] is False
    assert (t["licensing_online"]["numerator"], t["licensing_online"]["value"]) == (2, 50.0)
    assert (t["service_in_centre"]["numerator"], t["service_in_centre"]["denominator"]) == (0, 1)
    # Σ(statutory − promised) = 10 + 8 + 0 + 6 + 5 = 29 of Σ statutory 90 → 32.2% ≥ 30%.
    p = t["promised_vs_statutory"]
    assert (p["numerator"], p["denominator"], p["value"], p["met"]) == (29, 90, 32.2, True)


def test_provider_figures(client):
    def good_rate(j, agency=None, year=None):
        return {"numerator": 45, "denominator": 50}

    real = measures.provider("ratings.good_rate")
    measures.register("ratings.good_rate", good_rate)
    try:
        t = by_key(client.get("/api/v1/supervision/targets?jurisdiction=433100").json())
        assert (t["satisfaction"]["value"], t["satisfaction"]["met"]) == (90.0, True)
        assert "暂无数据" not in t["guides_revised"]["note"]  # the disclosure app provides it
    finally:
        measures.register(real.name, real.fn, label=real.label)


def test_targets_pages(client):
    page = client.get("/jd/targets/")
    assert page.status_code == 200
    assert "乡镇（街道）便民服务中心覆盖率" in page.text and "107 / 115" in page.text
    county = client.get("/site/433101/jd/targets/")
    assert county.status_code == 200 and "10 / 12" in county.text
    x = client.get("/jd/targets/?format=xlsx")
    assert x.content[:2] == b"PK"


def test_bad_jurisdiction_is_a_chinese_4xx(client):
    r = client.get("/api/v1/supervision/targets?jurisdiction=999999")
    assert r.status_code == 404 and "不存在" in r.json()["message"]
    township = Jurisdiction.objects.filter(level=Jurisdiction.TOWNSHIP).first()
    r = client.get(f"/api/v1/supervision/targets?jurisdiction={township.code}")
    assert r.status_code == 422 and "州和县市" in r.json()["message"]


def test_a_township_sites_supervision_pages_are_its_countys(client):
    """Every site links to 监督; a township's or village's figures are its county's."""
    township = Jurisdiction.objects.get(code="433101002")
    village = Jurisdiction.objects.filter(parent=township).first()
    r = client.get("/site/433101002/jd/targets/?format=xlsx")
    assert r.status_code == 302 and r["Location"] == "/site/433101/jd/targets/?format=xlsx"
    r = client.get(f"/site/{village.code}/jd/")
    assert r.status_code == 302 and r["Location"] == "/site/433101/jd/"
    assert client.get(r["Location"]).status_code == 200


def test_snapshot_task_stores_figures_and_the_dashboard_reads_them(
    agency, make_clock, xiangxi, as_user
):
    from zhengwu.supervision import stats
    from zhengwu.supervision.models import Snapshot

    make_clock(agency, D(2025, 9, 1), 5, purpose="快照测试")
    stats.take_snapshot(xiangxi, dt.date.today())
    row = Snapshot.objects.get(
        date=dt.date.today(), jurisdiction_code="433100", measure="clocks.open:快照测试"
    )
    assert row.denominator == 1
    assert (
        Snapshot.objects.get(
            date=dt.date.today(), jurisdiction_code="433100", measure="target.township_centres"
        ).denominator
        == 115
    )
    d = stats.dashboard(xiangxi)
    assert d["source"] == "snapshot"
    assert [r["open"] for r in d["rows"] if r["purpose"] == "快照测试"] == [1]
