"""The officers' trading pages: the list, registering and changing a project, a project's page
with its step forms, and the rule rows. Each as the body's officer and as someone out of scope;
bad input comes back with what was typed and a Chinese message; a date a rule refuses names
the rule, its article and the earliest lawful date."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from zhengwu.core import clock
from zhengwu.core.errors import Conflict, Invalid, NotAllowed
from zhengwu.org.models import Agency, Jurisdiction, Role, User
from zhengwu.portal import workbench as registry
from zhengwu.trading import rules, services
from zhengwu.trading.models import Project, Rule
from zhengwu.trading.services import rules_admin

from .conftest import logged_in, staff, usci

TODAY = timezone.localdate


def ago(days: int) -> str:
    return (TODAY() - dt.timedelta(days=days)).isoformat()


def form(body, **extra) -> dict:
    data = {
        "kind": "engineering",
        "method": "open_tender",
        "name": "吉首市乾州片区排水管网改造工程",
        "owner": str(body.pk),
        "budget": "3860000",
        "content": "新建排水管网12公里",
        "statutory": "1",
        "state_funded": "1",
        "section_code": ["", ""],
        "section_name": ["一标段", ""],
        "section_budget": ["3860000", ""],
    }
    data.update(extra)
    return data


def registered(buyer, body, **extra) -> Project:
    data = {"kind": "engineering", "method": "open_tender", "owner": body.pk,
            "name": "吉首市乾州片区排水管网改造工程", "sections": [{"name": "一标段"}], **extra}  # fmt: skip
    return services.create_project(data, by=buyer)


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def outsider(db) -> User:
    """An officer of another body (吉首市财政局 is not the 招标人 nor named 行政监督部门)."""
    other = Agency.objects.filter(jurisdiction__code="433101", name__contains="财政").first()
    return staff("zj-outsider", Role.DEPT_OFFICER, agency=other)


@pytest.fixture
def office(db) -> User:
    return staff(
        "zj-office", Role.OPENNESS_ADMIN, jurisdiction=Jurisdiction.objects.get(code="433100")
    )


@pytest.mark.django_db
def test_the_list_shows_what_comes_next_and_by_when(buyer, body, outsider, enterprise):
    p = registered(buyer, body)
    services.take_step(p, "trading.tender_published", {"on": ago(30), "bid_deadline": ago(10)},
                       by=buyer)  # fmt: skip
    p.refresh_from_db()
    bidders = [{"name": n} for n in ("甲公司", "乙公司", "丙公司")]
    services.take_step(p, "trading.bids_opened", {"on": ago(10), "facts": {"bidders": bidders}},
                       by=buyer)  # fmt: skip
    p.refresh_from_db()
    before = next(x for x in registry.panels(buyer) if x["url"] == "/workbench/trading/")
    services.take_step(p, "trading.report_received", {"on": ago(0)}, by=buyer)
    due = clock.clocks_of(p).get(purpose="中标候选人公示发布").due_date
    page = logged_in(buyer).get("/workbench/trading/")
    text = page.content.decode()
    assert page.status_code == 200 and p.code in text and "登记交易项目" in text
    assert f"下一步：发布中标候选人公示 截止{due.year}年{due.month}月{due.day}日" in text
    assert "工程建设项目招标投标 · 公开招标" in text and "评审完成" in text
    assert p.code in logged_in(buyer).get("/workbench/trading/?kind=engineering&state=evaluated"
                                          ).content.decode()  # fmt: skip
    assert p.code not in logged_in(buyer).get("/workbench/trading/?kind=land").content.decode()
    assert p.code not in logged_in(buyer).get("/workbench/trading/?year=2001").content.decode()
    # the officer's 待办 on the workbench home: one project on its clock
    panel = next(x for x in registry.panels(buyer) if x["url"] == "/workbench/trading/")
    assert panel["todo"] == before["todo"] + 1 and "公共资源交易（最近期限" in panel["title"]
    assert "公共资源交易" in logged_in(buyer).get("/workbench/").content.decode()
    # out of scope: another body's officer sees the page but not the project; no button for
    # the enterprise, which may not enter at all
    other = logged_in(outsider).get("/workbench/trading/").content.decode()
    assert p.code not in other
    assert logged_in(enterprise).get("/workbench/trading/").status_code == 403


@pytest.mark.django_db
def test_register_a_project_with_its_sections(buyer, body):
    client = logged_in(buyer)
    page = client.get("/workbench/trading/new/")
    text = page.content.decode()
    assert page.status_code == 200 and body.name in text
    assert "投标截止日（开标日）" in text and "挂牌截止日" in text and "询价（政府采购）" in text
    more = client.post("/workbench/trading/new/", form(body, add_section="1"))
    assert more.status_code == 200 and more.content.decode().count('name="section_name"') == 3
    response = client.post(
        "/workbench/trading/new/",
        form(body, d_engineering_documents_issued="2026-10-09",
             d_engineering_bid_deadline="2026-10-29", section_name=["一标段", "二标段"],
             section_code=["", ""], section_budget=["3000000", "860000"]),
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    p = Project.objects.get(name="吉首市乾州片区排水管网改造工程", owner=body)
    assert response["Location"] == f"/workbench/trading/{p.pk}/"
    assert [s.name for s in p.sections.all()] == ["一标段", "二标段"]
    assert p.dates == {"bid_deadline": "2026-10-29", "documents_issued": "2026-10-09"}
    assert p.statutory and p.state_funded
    assert f"已登记交易项目“{p.name}”（项目编号{p.code}，2个标段（包））" in said(response)[-1]
    shown = client.get(f"/workbench/trading/{p.pk}/").content.decode()
    assert "投标截止日（开标日）：2026年10月29日" in shown and "发布招标（采购）公告" in shown


@pytest.mark.django_db
def test_bad_input_keeps_what_was_typed_with_a_chinese_message(buyer, body):
    client = logged_in(buyer)
    had = Project.objects.filter(owner=body).count()
    missing = client.post("/workbench/trading/new/", form(body, name="", budget="38万元"))
    text = missing.content.decode()
    assert missing.status_code == 422 and "请填写项目名称" in text
    assert "新建排水管网12公里" in text and 'value="一标段"' in text
    wrong = client.post("/workbench/trading/new/", form(body, kind="land", method="open_tender"))
    assert (
        wrong.status_code == 422
        and "国有建设用地使用权出让的交易方式应为" in wrong.content.decode()
    )
    bad_date = client.post("/workbench/trading/new/",
                           form(body, d_engineering_bid_deadline="2026-13-40"))  # fmt: skip
    assert bad_date.status_code == 422 and "不是有效日期" in bad_date.content.decode()
    no_section = client.post(
        "/workbench/trading/new/", form(body, section_name=["", ""], section_budget=["", ""])
    )
    assert (
        no_section.status_code == 422 and "请至少填写一个标段（包）" in no_section.content.decode()
    )
    money = client.post("/workbench/trading/new/", form(body, budget="很多"))
    assert money.status_code == 422 and 'value="很多"' in money.content.decode()
    assert Project.objects.filter(owner=body).count() == had  # nothing half-registered


@pytest.mark.django_db
def test_a_schedule_violation_names_rule_article_and_earliest_date(buyer, body):
    client = logged_in(buyer)
    response = client.post(
        "/workbench/trading/new/",
        form(body, d_engineering_documents_issued="2026-10-09",
             d_engineering_bid_deadline="2026-10-20"),
    )  # fmt: skip
    text = response.content.decode()
    assert response.status_code == 422
    assert "T3" in text and "《中华人民共和国招标投标法》第二十四条" in text
    assert "不得少于20日" in text and "最早可为2026年10月29日" in text
    assert 'value="2026-10-20"' in text  # the date typed stays to be corrected


@pytest.mark.django_db
def test_out_of_scope_pages_are_refused(buyer, body, outsider, enterprise):
    p = registered(buyer, body)
    for path in (f"/workbench/trading/{p.pk}/", f"/workbench/trading/{p.pk}/edit/"):
        assert logged_in(outsider).get(path).status_code == 404
    step = logged_in(outsider).post(f"/workbench/trading/{p.pk}/steps/tender_published/", {})
    assert step.status_code == 404
    assert logged_in(enterprise).get("/workbench/trading/new/").status_code == 403
    assert logged_in(enterprise).get(f"/workbench/trading/{p.pk}/").status_code == 403
    watcher = staff("zj-jiancha", Role.SUPERVISOR, jurisdiction=p.jurisdiction)
    assert logged_in(watcher).get(f"/workbench/trading/{p.pk}/").status_code == 200
    assert logged_in(watcher).get("/workbench/trading/new/").status_code == 403
    # someone else's owner is refused even when posted by hand
    other = Agency.objects.exclude(pk=body.pk).filter(jurisdiction__code="433101").first()
    forged = logged_in(buyer).post("/workbench/trading/new/", form(body, owner=str(other.pk)))
    assert forged.status_code == 422 and "请从您所在的单位中选择" in forged.content.decode()


@pytest.mark.django_db
def test_a_tender_through_the_project_page(buyer, body):
    p = registered(buyer, body)
    client = logged_in(buyer)
    url = f"/workbench/trading/{p.pk}"

    def post(action, **data):
        p.refresh_from_db()
        return client.post(f"{url}/steps/{action}/", {"version": p.version, **data})

    page = client.get(f"{url}/").content.decode()
    assert f'action="/workbench/trading/{p.pk}/steps/tender_published/"' in page
    assert "投标截止日（开标日）（必填）" in page and "办理流程" in page
    early = post("tender_published", on=ago(40), bid_deadline=ago(25))
    text = early.content.decode()
    assert early.status_code == 422 and "T3" in text and "第二十四条" in text
    earliest = dt.date.fromisoformat(ago(40)) + dt.timedelta(days=20)
    assert f"最早可为{earliest.year}年{earliest.month}月{earliest.day}日" in text
    assert f'value="{ago(25)}"' in text
    future = post("tender_published", on=(TODAY() + dt.timedelta(days=1)).isoformat(),
                  bid_deadline=ago(0))  # fmt: skip
    assert future.status_code == 422 and "办理日期不能晚于今天" in future.content.decode()
    done = post("tender_published", on=ago(40), bid_deadline=ago(20), title="")
    assert done.status_code == 302
    assert "已发布招标（采购）公告，投标截止（开标）日为" in said(done)[-1]
    few = post("bids_opened", on=ago(20), bidder_name=["甲建设公司", "乙建设公司", ""],
               bidder_usci=["", "", ""], bidder_price=["1", "2", ""])  # fmt: skip
    assert few.status_code == 422 and "不得开标" in few.content.decode()
    assert 'value="乙建设公司"' in few.content.decode()
    names = ["甲建设公司", "乙建设公司", "丙建设公司"]
    codes = [usci(f"91433101MA4L0BJ{i}X") for i in range(3)]
    assert post("bids_opened", on=ago(20), bidder_name=names, bidder_usci=codes,
                bidder_price=["3500000", "3600000", "3700000"]).status_code == 302  # fmt: skip
    p.refresh_from_db()
    assert p.notices.get(kind="opening").facts["bidders"][1]["usci"] == codes[1]
    assert post("report_received", on=ago(19)).status_code == 302
    shown = post("candidates_published", on=ago(18), publicity_ends=ago(15),
                 candidate_rank=["1", "2", "3"], candidate_name=names, candidate_usci=codes,
                 candidate_price=["3500000", "3600000", "3700000"],
                 candidate_manager=["张工", "李工", "王工"],
                 candidate_certificate=["湘143000001", "湘143000002", "湘143000003"])  # fmt: skip
    ends = dt.date.fromisoformat(ago(15))
    assert (f"已发布中标候选人公示，公示期至{ends.year}年{ends.month}月{ends.day}日；"
            "公示期满后方可发出中标通知书") in said(shown)[-1]  # fmt: skip
    second = post("awarded", on=ago(14), winner_name="乙建设公司", winner_amount="3600000")
    assert second.status_code == 422 and "第五十五条" in second.content.decode()
    assert post("awarded", on=ago(14), winner_name="甲建设公司").status_code == 302
    assert post("contract_signed", on=ago(10)).status_code == 302
    closed = post("contract_published", on=ago(9))
    assert "已发布合同公告，项目已完成" in said(closed)[-1]
    p.refresh_from_db()
    assert p.state == Project.CLOSED
    # a stale form is a 409 with the project as it is now
    stale = client.post(f"{url}/steps/terminated/", {"version": 1})
    assert stale.status_code == 409


@pytest.mark.django_db
def test_edit_before_the_first_notice_only(buyer, body):
    p = registered(buyer, body, dates={"documents_issued": "2026-10-09"})
    client = logged_in(buyer)
    page = client.get(f"/workbench/trading/{p.pk}/edit/")
    assert page.status_code == 200 and 'value="2026-10-09"' in page.content.decode()
    bad = client.post(f"/workbench/trading/{p.pk}/edit/", {
        "version": p.version, "method": "open_tender", "name": "改名后的工程",
        "d_engineering_documents_issued": "2026-10-09",
        "d_engineering_bid_deadline": "2026-10-19"})  # fmt: skip
    assert bad.status_code == 422 and "最早可为2026年10月29日" in bad.content.decode()
    ok = client.post(f"/workbench/trading/{p.pk}/edit/", {
        "version": p.version, "method": "invited_tender", "name": "改名后的工程",
        "statutory": "1", "d_engineering_documents_issued": "2026-10-09",
        "d_engineering_bid_deadline": "2026-10-29"})  # fmt: skip
    assert ok.status_code == 302 and "已修改交易项目" in said(ok)[-1]
    p.refresh_from_db()
    assert (p.name, p.method, p.state_funded) == ("改名后的工程", "invited_tender", False)
    services.take_step(p, "trading.tender_published", {"on": ago(40), "bid_deadline": ago(20)},
                       by=buyer)  # fmt: skip
    p.refresh_from_db()
    late = client.post(f"/workbench/trading/{p.pk}/edit/",
                       {"version": p.version, "method": "open_tender", "name": "再改"})  # fmt: skip
    assert late.status_code == 409 and "请发布变更公告" in late.content.decode()


@pytest.mark.django_db
def test_the_rule_rows_and_the_office_change_of_an_unverified_one(buyer, office):
    page = logged_in(buyer).get("/workbench/trading/rules/")
    text = page.content.decode()
    assert page.status_code == 200 and "T3" in text and "20日" in text and "待核实" in text
    assert "/workbench/trading/rules/L2/" not in text  # an officer changes nothing
    assert logged_in(buyer).get("/workbench/trading/rules/L2/").status_code == 403
    client = logged_in(office)
    assert (
        "/workbench/trading/rules/L2/" in client.get("/workbench/trading/rules/").content.decode()
    )
    verified = client.get("/workbench/trading/rules/T3/").content.decode()
    assert "已按法律原文核实" in verified and 'name="number"' not in verified
    rule = Rule.objects.get(code="L2")
    bad = client.post("/workbench/trading/rules/L2/",
                      {"version": rule.version, "number": "十", "reason": "核实"})  # fmt: skip
    assert bad.status_code == 422 and "应为不小于0的整数" in bad.content.decode()
    assert 'value="十"' in bad.content.decode()
    ok = client.post("/workbench/trading/rules/L2/", {
        "version": rule.version, "number": "12", "enforcement": "refuse",
        "reason": "按本州挂牌出让实施细则"})  # fmt: skip
    assert ok.status_code == 302 and "已将规则L2的期限改为12个工作日" in said(ok)[-1]
    assert rules.rule("L2").number == 12
    # the check reads the new number at once
    found = rules.check("land", "listing", {"listing_starts": dt.date(2026, 11, 2),
                                            "listing_ends": dt.date(2026, 11, 16)})  # fmt: skip
    assert [v.rule for v in found] == ["L2"] and found[0].earliest == dt.date(2026, 11, 18)
    stale = client.post("/workbench/trading/rules/L2/",
                        {"version": rule.version, "number": "10", "reason": "再改"})  # fmt: skip
    assert stale.status_code == 409


@pytest.mark.django_db
def test_change_rule_service(buyer, office):
    rule = Rule.objects.get(code="P8")
    with pytest.raises(NotAllowed):
        rules_admin.change_rule(rule, {"number": "5", "reason": "x"}, by=buyer)
    county = staff("zj-county-office", Role.OPENNESS_ADMIN,
                   jurisdiction=Jurisdiction.objects.get(code="433101"))  # fmt: skip
    with pytest.raises(NotAllowed):  # the platform's rules are the 州's
        rules_admin.change_rule(rule, {"number": "5", "reason": "x"}, by=county)
    with pytest.raises(Invalid) as no_reason:
        rules_admin.change_rule(rule, {"number": "5"}, by=office)
    assert no_reason.value.field == "reason"
    changed = rules_admin.change_rule(
        rule, {"number": "5", "enforcement": "warn", "reason": "核实74号令"}, by=office,
        version=rule.version,
    )  # fmt: skip
    assert (changed.number, changed.enforcement, changed.version) == (5, "warn", 2)
    from zhengwu.core.models import AuditEvent

    event = AuditEvent.objects.filter(action="trading.rule_changed").latest("id")
    assert event.after["reason"] == "核实74号令" and event.before["number"] == 3
    with pytest.raises(Conflict):
        rules_admin.change_rule(Rule.objects.get(code="T3"), {"number": "10", "reason": "x"},
                                by=office)  # fmt: skip
    assert Rule.objects.get(code="T3").number == 20


@pytest.mark.django_db
def test_the_list_reads_in_the_same_queries_however_many_projects(
    buyer, body, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    registered(buyer, body)
    client = logged_in(buyer)
    client.get("/workbench/trading/")
    with CaptureQueriesContext(connection) as one:
        client.get("/workbench/trading/")
    for i in range(4):
        registered(buyer, body, name=f"吉首市第{i}批道路养护工程")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get("/workbench/trading/")
    assert page.content.decode().count("吉首市第") == 4


def test_every_step_of_the_table_says_what_comes_next():
    from zhengwu.trading.steps import STEPS
    from zhengwu.trading.views import workbench_project

    assert set(workbench_project.DONE) == {s.action for s in STEPS}
