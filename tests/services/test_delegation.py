"""三集中、三到位 (R4.2): a window's 首席代表 decides the items delegated to them; 权进中心 is the
share of the in-centre active items so delegated, on the targets page."""

import pytest

from tests.org.test_network import JISHOU, LUXI, admin_of, logged_in
from zhengwu.core import measures
from zhengwu.core.errors import Invalid
from zhengwu.core.models import AuditEvent
from zhengwu.org.models import Agency, Jurisdiction, User, Window
from zhengwu.services import delegation
from zhengwu.services.models import ChiefRepresentative, Item
from zhengwu.supervision import stats


@pytest.fixture
def setting(db):
    market = Agency.objects.get(jurisdiction__code=JISHOU, short_name="市场监管")
    window = Window.objects.filter(agencies=market, centre__name="吉首市政务服务中心").first()
    ChiefRepresentative.objects.filter(window__centre__scope_path__startswith="433100/").delete()
    items = list(delegation.delegable_items(market)[:3])
    assert len(items) == 3
    return market, window, items


def test_a_chief_is_staff_of_a_stationed_agency_and_decides_its_in_centre_items(setting):
    market, window, items = setting
    admin = admin_of(JISHOU, "chief-office")
    with pytest.raises(Invalid, match="首席代表须为吉首市市场监督管理局的工作人员"):
        delegation.appoint(window, User.objects.get(username="disclosure"), market, by=admin)
    outside = Item.objects.filter(in_centre=False, state=Item.ACTIVE, agency=market).first()
    if outside is not None:
        with pytest.raises(Invalid, match="在用且进驻中心的事项"):
            delegation.appoint(
                window, User.objects.get(username="head"), market, [outside.pk], by=admin
            )
    chief = delegation.appoint(
        window, User.objects.get(username="head"), market, [i.pk for i in items[:2]], by=admin
    )
    assert set(chief.items.all()) == set(items[:2])
    event = AuditEvent.objects.get(action="services.chief.appoint", object_id=str(chief.pk))
    assert len(event.after["items"]) == 2
    with pytest.raises(Invalid, match="已有首席代表"):
        delegation.appoint(window, User.objects.get(username="officer"), market, by=admin)
    delegation.set_items(chief, [i.pk for i in items], by=admin)
    assert chief.items.count() == 3


def test_decided_in_centre_counts_the_delegated_share(setting):
    market, window, items = setting
    jishou = Jurisdiction.objects.get(code=JISHOU)
    in_centre = Item.objects.filter(
        scope_path__startswith=jishou.path, state=Item.ACTIVE, in_centre=True
    ).count()
    assert measures.measure("services.decided_in_centre", jishou)["numerator"] == 0
    delegation.appoint(
        window, User.objects.get(username="head"), market, [i.pk for i in items], by=None
    )
    fig = measures.measure("services.decided_in_centre", jishou)
    assert (fig["numerator"], fig["denominator"]) == (3, in_centre)
    target = next(t for t in stats.targets(jishou) if t["key"] == "decided_in_centre")
    assert target["name"] == "事项审批权进中心比例（三集中三到位）"
    assert target["source"] == "R4.2" and target["target"] == 100
    assert target["numerator"] == 3 and target["denominator"] == in_centre


def test_the_window_page_and_the_api_appoint_and_refuse_out_of_scope(setting):
    market, window, items = setting
    client = logged_in(admin_of(JISHOU, "chief-office"))
    page = client.get(f"/workbench/org/windows/{window.pk}/chiefs/")
    assert page.status_code == 200 and "任命首席代表" in page.content.decode()
    head = User.objects.get(username="head")
    done = client.post(
        f"/workbench/org/windows/{window.pk}/chiefs/",
        {"user": head.pk, "agency": market.pk, "items": [items[0].pk]},
    )
    assert done.status_code == 302
    chief = ChiefRepresentative.objects.get(window=window, agency=market)
    listed = client.get(f"/api/v1/services/windows/{window.pk}/chiefs").json()
    assert listed[0]["user"] == "head" and listed[0]["items"][0]["id"] == items[0].pk
    changed = client.put(
        f"/api/v1/services/chiefs/{chief.pk}/items",
        {"items": [i.pk for i in items]},
        content_type="application/json",
    )
    assert changed.status_code == 200 and len(changed.json()["items"]) == 3
    luxi = logged_in(admin_of(LUXI, "luxi-chief-office"))
    assert luxi.get(f"/workbench/org/windows/{window.pk}/chiefs/").status_code == 404
    assert luxi.delete(f"/api/v1/services/chiefs/{chief.pk}").status_code == 404
    assert client.delete(f"/api/v1/services/chiefs/{chief.pk}").status_code == 204
    again = client.post(
        f"/api/v1/services/windows/{window.pk}/chiefs",
        {"username": "officer", "agency_usci": market.usci, "items": [items[1].pk]},
        content_type="application/json",
    )
    assert again.status_code == 201 and again.json()["name"] == "市场监管局经办 田志军"
