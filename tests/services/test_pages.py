"""Public 办事指南 pages on the 州, county and village sites; staff pages and their scoping."""

import datetime as dt

import pytest
from django.test import Client

from zhengwu.org.models import Jurisdiction
from zhengwu.services import services
from zhengwu.services.models import Item

from .conftest import ON

pytestmark = pytest.mark.django_db

NATIONAL = [
    "受理条件",
    "申请材料",
    "办理流程",
    "办理时限",
    "收费",
    "办理地点和时间",
    "咨询方式",
    "监督投诉方式",
    "设定依据",
    "办件类型",
    "到办事现场次数",
    "办理形式",
]


def test_guide_page_in_the_national_shape(make_item):
    item = make_item(
        "食品经营许可（测试）",
        online=True,
        conditions="持有营业执照的食品经营者",
        fees=[{"name": "证书工本费", "standard": "10元/证", "basis": "发改价格〔2004〕2831号"}],
        materials=[{"name": "申请书"}, {"name": "授权委托书", "situation": "委托他人办理的"}],
        location="吉首市政务服务中心3楼",
        statutory_limit=20,
        promised_limit=7,
    )
    html = Client().get(f"/site/433101/zwfw/guide/{item.pk}/").content.decode()
    for heading in NATIONAL:
        assert heading in html, heading
    assert "20个工作日" in html and "7个工作日" in html
    assert "证书工本费" in html and "发改价格〔2004〕2831号" in html
    assert "情形：委托他人办理的" in html and "授权委托书" in html
    assert "受理：窗口工作人员" in html.replace("<strong>", "").replace("</strong>", "")
    assert f'href="/site/433101/zwfw/apply/{item.pk}/"' in html
    assert "services/guide.css" in html  # the print stylesheet


def test_guide_page_at_the_prefecture_root_and_cache_follows_revisions(make_item, officer):
    item = make_item(
        "个体工商户设立登记（测试）",
        online=True,
        fees=[{"name": "登记费", "standard": "80元", "basis": "发改价格规〔2016〕2559号"}],
    )
    c = Client()
    first = c.get(f"/zwfw/guide/{item.pk}/").content.decode()
    assert f'href="/zwfw/apply/{item.pk}/"' in first
    services.revise(item, {"hours": "周一至周五 9:00—17:00"}, by=officer, effective_on=ON)
    assert c.get(f"/zwfw/guide/{item.pk}/").status_code == 404  # superseded
    new = Item.objects.get(previous=item)
    assert "周一至周五 9:00—17:00" in c.get(f"/zwfw/guide/{new.pk}/").content.decode()
    # Every change drops the cached stamp, so the guide shows it at once.
    assert "登记费" in c.get(f"/zwfw/guide/{new.pk}/").content.decode()
    services.cut_fee(new.fees.get(), by=officer, reason="免收")
    assert "登记费" not in c.get(f"/zwfw/guide/{new.pk}/").content.decode()
    services.cancel(new, by=officer, reason="取消")
    assert c.get(f"/zwfw/guide/{new.pk}/").status_code == 404


def test_anonymous_guide_comes_from_the_page_cache_and_logged_in_visitors_get_their_own(
    make_item, officer, as_user
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhengwu.org.models import User

    item = make_item("食品经营许可（缓存测试）")
    url = f"/site/433101/zwfw/guide/{item.pk}/"
    first = Client().get(url)
    with CaptureQueriesContext(connection) as ctx:
        again = Client().get(url)
    assert len(ctx.captured_queries) == 0 and again.content == first.content
    assert again["ETag"] and "Cookie" in again["Vary"] and again["X-Frame-Options"] == "DENY"
    citizen = User.objects.get(real_name="张秀英")
    mine = as_user(citizen.username).get(url)
    assert citizen.real_name in mine.content.decode() and "private" in mine["Cache-Control"]
    assert "食品经营许可（缓存测试）" in mine.content.decode()
    assert citizen.real_name not in Client().get(url).content.decode()
    # A revision reaches the logged-in visitor's page at once too (the cached guide body).
    services.revise(item, {"hours": "周六 9:00—12:00"}, by=officer, effective_on=ON)
    new = Item.objects.get(previous=item)
    page = as_user(citizen.username).get(f"/site/433101/zwfw/guide/{new.pk}/").content.decode()
    assert "周六 9:00—12:00" in page
    assert as_user(citizen.username).get(url).status_code == 404


def test_unknown_or_cancelled_guide_is_404(make_item, officer):
    item = make_item()
    services.cancel(item, by=officer, reason="取消")
    assert Client().get(f"/zwfw/guide/{item.pk}/").status_code == 404
    assert Client().get("/zwfw/guide/99999999/").status_code == 404


def test_index_by_level_theme_and_department(jishou):
    c = Client()
    county = c.get("/site/433101/zwfw/").content.decode()
    assert "吉首市政务服务" in county and "按部门" in county and "生育收养" in county
    assert "吉首市市场监督管理局" in county
    themed = c.get("/site/433101/zwfw/", {"audience": "person", "theme": "社会保障"})
    assert themed.status_code == 200
    page = themed.context["page"]
    assert page.paginator.count > 0
    assert all("社会保障" in i.themes and i.for_person for i in page)
    zhou = c.get("/zwfw/")
    assert all(i.jurisdiction.code == "433100" for i in zhou.context["page"])


def test_township_and_village_sites_show_what_can_be_done_there():
    township = Jurisdiction.objects.filter(parent__code="433101", items__isnull=False).order_by(
        "code"
    )[0]
    r = Client().get(f"/site/{township.code}/zwfw/")
    names = {i.name for i in r.context["page"]}
    assert "农村五保供养审核" in names
    assert all(i.jurisdiction_id == township.pk for i in r.context["page"])
    village = Jurisdiction.objects.filter(parent=township).order_by("code")[0]
    r = Client().get(f"/site/{village.code}/zwfw/")
    items = list(r.context["page"].paginator.object_list)
    assert items and all(i.by_agent and i.jurisdiction.code == "433101" for i in items)
    assert "代办" in r.content.decode()


def test_index_ignores_bad_filters():
    r = Client().get(
        "/zwfw/", {"theme": "<script>", "online": "maybe", "agency": "x", "page": "abc"}
    )
    assert r.status_code == 200 and "<script>" not in r.content.decode()


# ---- staff -------------------------------------------------------------------------------


def test_officer_lists_and_revises_own_items(as_user, make_item):
    item = make_item("食品经营许可（页面测试）")
    c = as_user("officer")
    r = c.get("/workbench/services/")
    assert r.status_code == 200
    assert {i.agency.short_name for i in r.context["page"]} == {"市场监管"}
    r = c.post(
        f"/workbench/services/{item.pk}/edit/",
        {
            "name": item.name,
            "statutory_limit": "20",
            "statutory_unit": "workdays",
            "promised_limit": "30",
            "promised_unit": "workdays",
            "case_kind": "promised",
            "visits": "1",
            "visit_reason": "核验",
            "effective_on": "2031-04-01",
            "by_window": "on",
        },
    )
    assert r.status_code == 422
    assert "承诺办结时限不得超过法定办结时限" in r.content.decode()
    assert 'value="30"' in r.content.decode()  # the input is kept
    r = c.post(
        f"/workbench/services/{item.pk}/edit/",
        {
            "name": item.name,
            "statutory_limit": "20",
            "statutory_unit": "workdays",
            "promised_limit": "8",
            "promised_unit": "workdays",
            "case_kind": "promised",
            "visits": "1",
            "visit_reason": "核验",
            "effective_on": "2031-04-01",
            "by_window": "on",
            "online": "on",
            "in_centre": "on",
        },
    )
    new = Item.objects.get(previous=item)
    assert r.status_code == 302 and r["Location"] == f"/workbench/services/{new.pk}/"
    assert (new.version, new.promised_limit, new.effective_on) == (2, 8, dt.date(2031, 4, 1))


def test_staff_actions_scoping_in_html(as_user, make_item, client):
    item = make_item()
    # 凤凰's supervisor: the item is outside the scope → 404; 州 supervisor sees but cannot edit → 403.
    assert as_user("fh-supervisor").get(f"/workbench/services/{item.pk}/").status_code == 404
    assert (
        as_user("fh-supervisor")
        .post(f"/workbench/services/{item.pk}/cancel/", {"reason": "x"})
        .status_code
        == 404
    )
    sup = as_user("supervisor")
    assert sup.get(f"/workbench/services/{item.pk}/").status_code == 200
    assert sup.get(f"/workbench/services/{item.pk}/edit/").status_code == 403
    assert sup.post(f"/workbench/services/{item.pk}/cancel/", {"reason": "x"}).status_code == 403
    citizen = as_user("433101198803140228")
    assert citizen.get("/workbench/services/").status_code == 403
    assert (
        citizen.post(f"/workbench/services/{item.pk}/cancel/", {"reason": "x"}).status_code == 403
    )
    assert client.get("/workbench/services/").status_code == 302  # to the login page
    item.refresh_from_db()
    assert item.state == Item.ACTIVE


def test_cancel_merge_fee_cut_through_the_workbench(as_user, make_item):
    c = as_user("head")
    a = make_item("甲")
    b = make_item(
        "乙", fees=[{"name": "登记费", "standard": "80元", "basis": "发改价格规〔2016〕2559号"}]
    )
    r = c.post(f"/workbench/services/{a.pk}/cancel/", {"reason": ""})
    assert r.status_code == 422 and "请填写取消事项的原因" in r.content.decode()
    fee = b.fees.get()
    assert (
        c.post(
            f"/workbench/services/{b.pk}/fees/{fee.pk}/cut/", {"reason": "免收", "on": "2031-05-01"}
        ).status_code
        == 302
    )
    assert (
        c.post(f"/workbench/services/{a.pk}/merge/", {"into": b.pk, "on": "bad-date"}).status_code
        == 422
    )
    assert (
        c.post(f"/workbench/services/{a.pk}/merge/", {"into": b.pk, "on": "2031-05-02"}).status_code
        == 302
    )
    a.refresh_from_db()
    fee.refresh_from_db()
    assert a.state == Item.MERGED and fee.cut_on == dt.date(2031, 5, 1)


def test_cleanup_page_and_xlsx(as_user, make_item, officer):
    item = make_item("甲")
    services.cancel(item, by=officer, reason="取消", on=dt.date(2031, 2, 1))
    c = as_user("admin")
    r = c.get("/workbench/services/cleanup/", {"year": "2031", "jurisdiction": "433100"})
    assert r.status_code == 200 and r.context["r"]["totals"]["cancelled"] == 1
    x = c.get("/workbench/services/cleanup/", {"year": "2031", "format": "xlsx"})
    assert x.status_code == 200 and x["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        as_user("fh-supervisor")
        .get("/workbench/services/cleanup/", {"jurisdiction": "433101"})
        .status_code
        == 403
    )
    assert c.get("/workbench/services/cleanup/", {"year": "1900"}).status_code == 422


def test_lists_use_a_fixed_number_of_queries(django_assert_max_num_queries, as_user):
    with django_assert_max_num_queries(8):
        r = Client().get("/site/433101/zwfw/")
    assert r.status_code == 200 and len(r.context["page"]) == 40  # every 吉首 item, one page
    with django_assert_max_num_queries(4):
        r = Client().get("/api/v1/services/items", {"limit": 200})
    assert len(r.json()["results"]) == 200
    c = as_user("admin")
    c.get("/workbench/services/")
    with django_assert_max_num_queries(12):
        r = c.get("/workbench/services/")
    assert len(r.context["page"]) == 50


def test_home_page_shows_the_services_section():
    html = Client().get("/site/433101/").content.decode()
    assert "政务服务事项" in html and 'href="/site/433101/zwfw/"' in html


def test_claim_through_the_workbench(as_user):
    top = Item.objects.filter(
        state="active", jurisdiction__code="433100", agency__short_name="民政"
    ).first()
    c = as_user("admin")
    from zhengwu.org.models import Agency

    county = Agency.objects.get(jurisdiction__code="433130", short_name="民政")
    r = c.post(
        f"/workbench/services/{top.pk}/claim/", {"agency": county.pk, "jurisdiction": "nonsense"}
    )
    assert r.status_code == 422 and "区划代码“nonsense”不存在" in r.content.decode()
    r = c.post(f"/workbench/services/{top.pk}/claim/", {"agency": county.pk})
    mine = Item.objects.get(claimed_from=top, agency=county)
    assert r.status_code == 302 and r["Location"] == f"/workbench/services/{mine.pk}/"
    r = c.post(f"/workbench/services/{top.pk}/claim/", {"agency": county.pk})
    assert r.status_code == 409 and "已认领" in r.content.decode()
    # 吉首's market-regulation officer sees the 州 catalogue and claims for their own agency
    # only: claiming for 龙山's civil affairs bureau is refused.
    officer = as_user("officer")
    upper = officer.get("/workbench/services/", {"catalogue": "upper"}).context["page"]
    assert upper.paginator.count > 0 and all(i.jurisdiction.code == "433100" for i in upper)
    food = Item.objects.get(
        jurisdiction__code="433100", name="食品经营许可（新办）", state="active"
    )
    page = officer.get(f"/workbench/services/{food.pk}/")
    assert page.status_code == 200 and "认领到本单位实施清单" in page.content.decode()
    assert (
        officer.post(f"/workbench/services/{food.pk}/claim/", {"agency": county.pk}).status_code
        == 403
    )
    mine = Agency.objects.get(jurisdiction__code="433101", short_name="市场监管")
    r = officer.post(
        f"/workbench/services/{food.pk}/claim/", {"agency": mine.pk, "jurisdiction": "433101"}
    )
    assert r.status_code == 409 and "已存在" in r.content.decode()  # 吉首 implements it already
    only_zhou = Item.objects.get(jurisdiction__code="433100", name="食品生产许可", state="active")
    r = officer.post(f"/workbench/services/{only_zhou.pk}/claim/", {"agency": mine.pk})
    claimed = Item.objects.get(claimed_from=only_zhou, agency=mine)
    assert r.status_code == 302 and (claimed.exercise_level, claimed.jurisdiction.code) == (
        "4",
        "433101",
    )


def test_catalogue_panel_counts_the_active_items_in_scope():
    from zhengwu.org.models import User
    from zhengwu.portal import workbench
    from zhengwu.services import queries

    def panel(username):
        user = User.objects.get(username=username)
        return next((p for p in workbench.panels(user) if p["title"] == "政务服务事项目录"), None)

    officer = User.objects.get(username="officer")
    active = queries.visible_to(officer).filter(state=Item.ACTIVE)
    assert panel("officer")["done"] == active.count() > 0
    item = active.first()
    Item.objects.filter(pk=item.pk).update(state=Item.CANCELLED)
    assert panel("officer")["done"] == active.count()
    assert panel("window") is None  # a window clerk does not manage the catalogue
