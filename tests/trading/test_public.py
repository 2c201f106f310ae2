"""Trading notices open to everyone: after a step its notice is on the trading column of its
county's site (and the 州's, not another county's), in its body's key-area disclosure column, in
the feed, in search and in the public API; a candidates' 公示 says until when and how to object;
bidders' ID numbers and phones are masked; the page cache serves the second anonymous visitor and
a new notice shows on the next request."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from zhengwu.core.words import chinese_date
from zhengwu.disclosure.models import Document
from zhengwu.trading import services
from zhengwu.trading.models import Notice

pytestmark = pytest.mark.django_db

ID = "433101198805120031"  # a 项目负责人's 身份证号 (never public)
PHONE = "13907431234"
CANDIDATES = [
    {"rank": 1, "name": "湖南湘西建设工程有限公司", "code": "91433100MA4L0BJ8X4",
     "price": "3500000", "manager": "张建国", "certificate": "湘143060801234",
     "lead_id": ID, "phone": PHONE, "contact": "李晓明"},
    {"rank": 2, "name": "吉首市路桥建设有限公司", "price": "3580000", "manager": "向红",
     "certificate": "湘143070905678"},
    {"rank": 3, "name": "凤凰县水利水电建设有限公司", "price": "3620000", "manager": "田勇",
     "certificate": "湘143081112345"},
]  # fmt: skip


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def tender(buyer, body, name="吉首市乾州片区排水管网改造工程", ago=30):
    """An engineering tender published `ago` days ago, its bids due 20 日 later (§24)."""
    p = services.create_project(
        {"kind": "engineering", "method": "open_tender", "name": name, "owner": body.pk,
         "budget": "3860000"},
        by=buyer, today=days(-ago - 1),
    )  # fmt: skip
    _, notice, _ = services.take_step(
        p, "trading.tender_published", {"bid_deadline": days(20 - ago).isoformat()},
        by=buyer, today=days(-ago),
    )  # fmt: skip
    return p, notice


def candidates(buyer, p):
    """Bids opened, the report received yesterday, the candidates published today for 3 日."""
    bidders = [{"name": c["name"], "price": c["price"]} for c in CANDIDATES]
    for action, today, data in (
        ("trading.bids_opened", days(-10), {"facts": {"bidders": bidders}}),
        ("trading.report_received", days(-1), {}),
        ("trading.candidates_published", days(0),
         {"publicity_ends": days(3).isoformat(), "facts": {"candidates": CANDIDATES},
          "body": f"招标人联系电话：0743-8221234。项目负责人身份证号{ID}。"}),
    ):  # fmt: skip
        p.refresh_from_db()
        _, notice, _ = services.take_step(p, action, data, by=buyer, today=today)
    return notice


def test_a_published_notice_is_on_its_sites_column_and_not_another_countys(buyer, body):
    p, notice = tender(buyer, body, ago=0)  # today's: first on the column (the demo's are older)
    shown = Client().get("/ggzy/").content.decode()
    assert notice.title in shown and body.name in shown and "招标（采购）公告" in shown
    county = Client().get("/site/433101/ggzy/")
    assert county.status_code == 200 and notice.title in county.content.decode()
    assert f"/site/433101/ggzy/gg/{notice.pk}/" in county.content.decode()
    assert notice.title not in Client().get("/site/433123/ggzy/").content.decode()
    assert Client().get(f"/site/433123/ggzy/gg/{notice.pk}/").status_code == 404
    # filters by kind (code or words) and notice type; a wrong one is refused in words
    assert notice.title in Client().get("/ggzy/", {"kind": "工程建设"}).content.decode()
    assert notice.title not in Client().get("/ggzy/", {"kind": "procurement"}).content.decode()
    assert notice.title in Client().get("/ggzy/", {"type": "tender"}).content.decode()
    assert notice.title not in Client().get("/ggzy/", {"type": "result"}).content.decode()
    bad = Client().get("/ggzy/", {"kind": "lottery"})
    assert bad.status_code == 422 and "交易类型应为工程建设、政府采购" in bad.content.decode()
    # reachable from the county's home page: the navigation and the home section
    home = Client().get("/site/433101/").content.decode()
    assert 'href="/site/433101/ggzy/"' in home and notice.title in home
    timeline = Client().get(f"/ggzy/xm/{p.pk}/").content.decode()
    assert notice.title in timeline and "投标截止日（开标日）" in timeline
    assert chinese_date(days(20)) in timeline


def test_the_notice_is_in_the_bodys_key_area_column(buyer, body):
    _, notice = tender(buyer, body)
    notice.refresh_from_db()
    doc = Document.objects.select_related("column").get(pk=notice.document_id)
    assert (doc.status, doc.column.code, doc.title) == ("published", "k-gczbtb", notice.title)
    assert doc.agency_id == body.pk and doc.index_no.startswith(body.usci)
    assert f"/ggzy/gg/{notice.pk}/" in doc.body and "项目编号" in doc.body
    column = Client().get(f"/xxgk/{body.usci}/catalogue/", {"column": "k-gczbtb"})
    assert notice.title in column.content.decode()
    other = Client().get(f"/xxgk/{body.usci}/catalogue/", {"column": "k-zfcg"})
    assert notice.title not in other.content.decode()
    page = Client().get(f"/xxgk/doc/{doc.pk}/").content.decode()
    assert "公告全文见公共资源交易栏目" in page


def test_a_candidates_notice_says_until_when_and_how_to_object_and_masks_people(buyer, body):
    p, _ = tender(buyer, body)
    notice = candidates(buyer, p)
    until = chinese_date(days(3))
    row = Client().get("/ggzy/").content.decode()
    assert f"公示截止：{until}" in row
    page = Client().get(f"/ggzy/gg/{notice.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert f"对本公示有异议的，请于{until}前提出" in text
    assert notice.objection_method and notice.objection_method in text
    # FGW10 §6: each candidate, its price, its 项目负责人 and certificate stay public
    for shown in ("湖南湘西建设工程有限公司", "3,500,000.00元", "张建国", "湘143060801234",
                  "91433100MA4L0BJ8X4", "吉首市路桥建设有限公司"):  # fmt: skip
        assert shown in text, shown
    # personal data masked: ID numbers (in the facts and in the body), phones, contact persons
    assert ID not in text and "433101********0031" in text
    assert PHONE not in text and "139****1234" in text
    assert "李晓明" not in text and "李**" in text
    assert "0743-8221234" in text  # the 招标人's published contact (FGW10 §5) stays
    doc = Document.objects.get(pk=Notice.objects.get(pk=notice.pk).document_id)
    assert ID not in doc.body and PHONE not in doc.body and until in doc.body
    api = Client().get(f"/api/v1/trading/notices/{notice.pk}").json()
    assert api["objection"] == f"对本公示有异议的，请于{until}前提出"
    assert api["facts"]["candidates"][0]["lead_id"] == "433101********0031"
    assert api["facts"]["candidates"][0]["phone"] == "139****1234"
    assert api["facts"]["candidates"][0]["certificate"] == "湘143060801234"
    assert ID not in api["body"] and api["project"]["招标人"] == body.name


def test_feed_search_and_api_list_the_notice(buyer, body):
    _, notice = tender(buyer, body, name="吉首市峒河湿地公园栈道修缮工程")
    feed = Client().get("/ggzy/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert notice.title in feed.content.decode()
    assert notice.title not in Client().get("/site/433123/ggzy/feed/").content.decode()
    found = Client().get("/api/v1/search", {"q": "栈道修缮", "kind": "trading"}).json()
    assert [h["url"] for h in found["hits"]] == [f"/ggzy/gg/{notice.pk}/"]
    assert found["hits"][0]["kind_label"] == "公共资源交易"
    assert "栈道修缮" in Client().get("/search/", {"q": "栈道修缮"}).content.decode()
    listed = Client().get("/api/v1/trading/notices", {"jurisdiction": "433101"}).json()
    assert notice.pk in [n["id"] for n in listed["results"]]
    row = next(n for n in listed["results"] if n["id"] == notice.pk)
    assert (row["kind_label"], row["trade_kind_label"], row["owner_name"]) == (
        "招标（采购）公告", "工程建设项目招标投标", body.name)  # fmt: skip
    for params in ({"jurisdiction": "433123"}, {"kind": "land"}, {"notice_kind": "result"},
                   {"since": days(1).isoformat()}):  # fmt: skip
        ids = [n["id"] for n in Client().get("/api/v1/trading/notices", params).json()["results"]]
        assert notice.pk not in ids, params
    for params, code in (({"jurisdiction": "999999"}, 404), ({"kind": "lottery"}, 422),
                         ({"limit": "0"}, 422)):  # fmt: skip
        r = Client().get("/api/v1/trading/notices", params)
        assert r.status_code == code and r.json()["message"], params
    missing = Client().get("/api/v1/trading/notices/999999")
    assert missing.status_code == 404 and "交易公告" in missing.json()["message"]


def test_the_page_cache_serves_the_second_visitor_and_a_new_notice_at_once(
    buyer, body, django_assert_num_queries
):
    p, notice = tender(buyer, body)
    first = Client().get("/site/433101/ggzy/")
    page = Client().get(f"/ggzy/gg/{notice.pk}/")
    assert notice.title in first.content.decode() and notice.title in page.content.decode()
    with django_assert_num_queries(0):
        second = Client().get("/site/433101/ggzy/")
        again = Client().get(f"/ggzy/gg/{notice.pk}/")
    assert second.content == first.content and again.content == page.content
    opening = candidates(buyer, p)
    fresh = Client().get("/site/433101/ggzy/").content.decode()
    assert opening.title in fresh and "开标记录" in fresh


def test_a_procurement_result_names_the_challenge_period_and_its_end(buyer, body):
    """政府采购: 质疑 within 7 个工作日 of the 1-working-day 公告期 (政府采购法 §52); once that
    has passed the page says so and offers no form."""
    p = services.create_project(
        {"kind": "procurement", "method": "open_tender", "name": "吉首市中小学课桌椅采购项目",
         "owner": body.pk, "budget": "1200000"},
        by=buyer, today=dt.date(2026, 9, 1),
    )  # fmt: skip
    bidders = [{"name": f"湘西供应商{i}", "price": "1100000"} for i in range(3)]
    for action, on, data in (
        ("tender_published", dt.date(2026, 10, 9), {"bid_deadline": "2026-10-29"}),
        ("bids_opened", dt.date(2026, 10, 29), {"facts": {"bidders": bidders}}),
        ("report_received", dt.date(2026, 10, 30), {}),
        ("result_confirmed", dt.date(2026, 11, 2), {}),
        ("result_published", dt.date(2026, 11, 4),
         {"facts": {"winner": {"name": "湘西供应商0", "amount": "1100000"}}}),
    ):  # fmt: skip
        p.refresh_from_db()
        _, notice, _ = services.take_step(p, f"trading.{action}", data, by=buyer, today=on)
    page = Client().get(f"/site/433101/ggzy/gg/{notice.pk}/").content.decode()
    assert "本公告的质疑期已于2026年11月16日届满" in page
    assert "中标（成交）供应商" in page and "1,100,000.00元" in page
    api = Client().get(f"/api/v1/trading/notices/{notice.pk}").json()
    assert api["objection"] == "对本公告有质疑的，请于2026年11月16日前提出"
    assert api["objection_until"] == "2026-11-16" and api["trade_kind"] == "procurement"
    doc = Document.objects.select_related("column").get(
        pk=Notice.objects.get(pk=notice.pk).document_id
    )
    assert doc.column.code == "k-zfcg" and doc.published_on == dt.date(2026, 11, 4)
    column = Client().get("/ggzy/", {"kind": "政府采购", "type": "result"}).content.decode()
    assert notice.title in column and "公示截止：2026年11月5日" in column


def test_the_column_reads_a_page_in_the_same_queries_however_many_notices(
    buyer, body, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tender(buyer, body, name="吉首市第一座桥梁维修工程")
    with CaptureQueriesContext(connection) as one:
        assert Client().get("/site/433101/ggzy/", {"kind": "engineering"}).status_code == 200
    tender(buyer, body, name="吉首市第二座桥梁维修工程")
    tender(buyer, body, name="吉首市第三座桥梁维修工程")
    with django_assert_max_num_queries(len(one.captured_queries)):
        shown = Client().get("/site/433101/ggzy/", {"kind": "engineering"}).content.decode()
    assert "第三座桥梁" in shown and "第一座桥梁" in shown
