"""异议/质疑 and 投诉 through the services and the API, with the law's numbers: the windows of
filing (实施条例 §54 during the 公示; 政府采购法 §52 7 个工作日 after the 公告期), the answer
clocks (T8 3 日; P24 7 个工作日), the suspension (T8S; P24S), the complaint periods (T20 10 日;
P25 15 个工作日) and the supervisor's clocks (T21 3 个工作日, T21A 30 个工作日 from acceptance;
P26 5 个工作日, P26A 30 个工作日 from filing)."""

import datetime as dt
import json

import pytest
from django.test import Client

from zhengwu.core import calendar, clock
from zhengwu.core.errors import Conflict, Invalid, NotAllowed
from zhengwu.core.models import Clock
from zhengwu.core.models import Notice as Message
from zhengwu.org.demo import DEMO_PASSWORD
from zhengwu.org.models import Role, User
from zhengwu.trading import services
from zhengwu.trading.models import Complaint, Notice, Objection, Project

from .conftest import logged_in, staff, usci

D = dt.date


def step(p, action, today, by, **data):
    p.refresh_from_db()
    return services.take_step(p, f"trading.{action}", data, by=by, today=today)


def tender_to_candidates(buyer, body, supervisor=None) -> tuple[Project, Notice]:
    """A works tender whose candidates' 公示 runs 2026-12-02 to 12-05 (3 日, 实施条例 §54)."""
    p = services.create_project(
        {"kind": "engineering", "method": "open_tender", "owner": body.pk,
         "name": "吉首市乾州片区排水管网改造工程", "budget": "3860000",
         "supervisor": supervisor.pk if supervisor else ""},
        by=buyer, today=D(2026, 9, 1))  # fmt: skip
    step(p, "tender_published", D(2026, 11, 2), buyer, bid_deadline="2026-11-23")
    bidders = [{"name": n} for n in ("甲公司", "乙公司", "丙公司")]
    step(p, "bids_opened", D(2026, 11, 23), buyer, facts={"bidders": bidders})
    step(p, "report_received", D(2026, 11, 30), buyer)
    _, notice, _ = step(p, "candidates_published", D(2026, 12, 2), buyer,
                        publicity_ends="2026-12-05", facts={"candidates": bidders})  # fmt: skip
    p.refresh_from_db()
    return p, notice


def procurement_to_result(buyer, body, supervisor=None) -> tuple[Project, Notice]:
    """A procurement whose result is published on 2026-11-04: 公告期 1 个工作日 to 11-05, then
    质疑 within 7 个工作日, to 11-16 across two weekends (政府采购法 §52)."""
    p = services.create_project(
        {"kind": "procurement", "method": "open_tender", "owner": body.pk,
         "name": "吉首市中小学课桌椅采购项目", "budget": "860000",
         "supervisor": supervisor.pk if supervisor else ""},
        by=buyer, today=D(2026, 9, 1))  # fmt: skip
    step(p, "tender_published", D(2026, 10, 9), buyer, bid_deadline="2026-10-29")
    bidders = [{"name": f"供应商{i}"} for i in range(3)]
    step(p, "bids_opened", D(2026, 10, 29), buyer, facts={"bidders": bidders})
    step(p, "report_received", D(2026, 10, 30), buyer)
    step(p, "result_confirmed", D(2026, 11, 2), buyer)
    _, notice, _ = step(p, "result_published", D(2026, 11, 4), buyer,
                        facts={"winner": {"name": "供应商0"}})  # fmt: skip
    p.refresh_from_db()
    return p, notice


def company(username: str, body17: str, name: str) -> User:
    return User.objects.create_user(
        username=username, password=DEMO_PASSWORD, kind=User.ENTERPRISE, real_name=name,
        usci=usci(body17), phone="13907431234",
    )  # fmt: skip


def clocks(subject) -> dict[str, Clock]:
    return {c.purpose: c for c in clock.clocks_of(subject)}


FORM = {"subject": "第一中标候选人业绩不符合招标文件要求", "content": "其所列业绩为在建项目。",
        "contact": "彭立新", "phone": "13974301234"}  # fmt: skip


@pytest.mark.django_db
def test_an_objection_during_the_publicity_suspends_the_tender_until_answered(
    buyer, body, enterprise
):
    p, notice = tender_to_candidates(buyer, body)
    assert notice.objection_until == D(2026, 12, 5)
    other = company("hn-lubang", "91433100MA4L0BK1X", "湖南路邦建设有限公司")
    first = services.file_objection(notice, FORM, other, today=D(2026, 12, 4))
    assert first.kind == Objection.OBJECTION and first.agency_id == body.pk
    assert clocks(first)["异议答复"].due_date == D(2026, 12, 7)  # 3 日 (T8), Monday
    # the last day of the 3-day 公示 is accepted, the day after refused (实施条例 §54)
    last = services.file_objection(notice, FORM, enterprise, today=D(2026, 12, 5))
    assert last.filer_name == "湖南湘西建设工程有限公司" and last.filer_usci == enterprise.usci
    assert services.answer_due(last) == D(2026, 12, 8)  # 12-08 is the 3rd 日
    with pytest.raises(Invalid) as late:
        services.file_objection(notice, FORM, enterprise, today=D(2026, 12, 6))
    assert "2026年12月2日至2026年12月5日" in late.value.message
    assert "第五十四条" in late.value.message
    # T8S: 作出答复前，应当暂停招标投标活动
    p.refresh_from_db()
    assert p.suspended
    with pytest.raises(Conflict) as suspended:
        step(p, "awarded", D(2026, 12, 7), buyer, facts={"winner": {"name": "甲公司"}})
    assert "暂停" in suspended.value.message
    # the owner's officers were told
    assert Message.objects.filter(recipient=buyer, title__contains="收到异议").count() == 2
    # answered on the 4th day after 12-04: late; the project stays suspended for the other one
    first = services.answer_objection(first, {"answer": "经核查，业绩符合要求。"}, buyer,
                                      first.version, today=D(2026, 12, 8))  # fmt: skip
    assert first.late and first.state == Objection.ANSWERED
    assert clocks(first)["异议答复"].state == Clock.STOPPED
    assert Project.objects.get(pk=p.pk).suspended
    last = services.answer_objection(last, {"answer": "经核查，业绩符合要求。"}, buyer,
                                     last.version, today=D(2026, 12, 8))  # fmt: skip
    assert not last.late and not Project.objects.get(pk=p.pk).suspended
    assert Message.objects.filter(recipient=enterprise, title__contains="已答复").exists()
    with pytest.raises(Conflict):  # answered once
        services.answer_objection(last, {"answer": "再次答复"}, buyer, today=D(2026, 12, 8))
    step(p, "awarded", D(2026, 12, 9), buyer, facts={"winner": {"name": "甲公司"}})


@pytest.mark.django_db
def test_only_an_enterprise_files_and_only_in_the_windows(buyer, body, enterprise):
    p, notice = tender_to_candidates(buyer, body)
    citizen = User.objects.create_user(username="433101199203180027", kind=User.CITIZEN,
                                       real_name="彭立新")  # fmt: skip
    for who in (citizen, buyer):
        with pytest.raises(NotAllowed) as refused:
            services.file_objection(notice, FORM, who, today=D(2026, 12, 3))
        assert "法人账户" in refused.value.message
    with pytest.raises(Invalid) as blank:
        services.file_objection(notice, {**FORM, "subject": " "}, enterprise, today=D(2026, 12, 3))
    assert blank.value.field == "subject"
    # 招标文件异议: until 10 日 before the 11-23 bid deadline (实施条例 §22)
    tender = p.notices.get(kind="tender")
    with pytest.raises(Invalid) as tender_late:
        services.file_objection(tender, FORM, enterprise, today=D(2026, 11, 14))
    assert "2026年11月13日" in tender_late.value.message
    assert "第二十二条" in tender_late.value.message
    opening = p.notices.get(kind="opening")  # the 开标记录 takes no online 异议
    with pytest.raises(Invalid):
        services.file_objection(opening, FORM, enterprise, today=D(2026, 11, 24))


@pytest.mark.django_db
def test_a_complaint_within_10_days_of_the_answer_and_the_supervisors_clocks(
    buyer, body, enterprise, finance
):
    p, notice = tender_to_candidates(buyer, body)
    o = services.file_objection(notice, FORM, enterprise, today=D(2026, 12, 4))
    complaint = {"content": "请求责令重新评标", "reason": "答复未回应业绩问题。"}
    with pytest.raises(Invalid) as nobody:  # no 行政监督部门 on the project
        services.file_complaint(p, complaint, enterprise, today=D(2026, 12, 7))
    assert "未登记行政监督部门" in nobody.value.message
    Project.objects.filter(pk=p.pk).update(supervisor=finance)
    p.refresh_from_db()
    with pytest.raises(Invalid) as waiting:  # the answer period (to 12-07) runs
        services.file_complaint(p, complaint, enterprise, today=D(2026, 12, 7))
    assert "答复期内" in waiting.value.message
    o = services.answer_objection(o, {"answer": "业绩符合要求。"}, buyer, today=D(2026, 12, 7))
    stranger = company("hn-lubang", "91433100MA4L0BK1X", "湖南路邦建设有限公司")
    with pytest.raises(Invalid) as first:  # 实施条例 §60: the 异议 comes first
        services.file_complaint(p, complaint, stranger, today=D(2026, 12, 8))
    assert "应当先" in first.value.message and "第六十条" in first.value.message
    # 10 日 from the 12-07 answer end on 12-17; the 11th day is refused (T20)
    with pytest.raises(Invalid) as late:
        services.file_complaint(p, complaint, enterprise, today=D(2026, 12, 18))
    assert "2026年12月17日" in late.value.message and "第六十条" in late.value.message
    supervisor = staff("jd-officer", Role.DEPT_OFFICER, agency=finance)
    c = services.file_complaint(p, complaint, enterprise, today=D(2026, 12, 17))
    assert c.supervisor_id == finance.pk and c.objection_id == o.pk
    # T21: 3 个工作日 to decide acceptance, from Thursday 12-17 across the weekend
    assert clocks(c)["投诉受理审查"].due_date == D(2026, 12, 22)
    assert Message.objects.filter(recipient=supervisor, title__contains="投诉").exists()
    with pytest.raises(NotAllowed):  # the owner's officer does not decide complaints
        services.accept_complaint(c, buyer, today=D(2026, 12, 18))
    c = services.accept_complaint(c, supervisor, c.version, today=D(2026, 12, 18))
    running = clocks(c)
    assert running["投诉受理审查"].state == Clock.STOPPED
    # T21A: 30 个工作日 from acceptance, on the platform's calendar (元旦 not counted)
    due = calendar.add_workdays(D(2026, 12, 18), 30)
    assert running["投诉处理决定"].due_date == due == services.decision_due(c)
    assert due == D(2027, 2, 1)
    c = services.decide_complaint(c, "驳回投诉。", "《工程建设项目招标投标活动投诉处理办法》第二十条",
                                  supervisor, c.version, today=D(2026, 12, 30))  # fmt: skip
    assert c.state == Complaint.DECIDED and clocks(c)["投诉处理决定"].state == Clock.STOPPED
    assert list(services.public_decisions(p)) == []  # a works complaint's decision is not public


@pytest.mark.django_db
def test_a_challenge_7_workdays_after_the_result_and_a_public_decision(
    buyer, body, enterprise, finance
):
    p, notice = procurement_to_result(buyer, body, finance)
    assert (notice.publicity_ends, notice.objection_until) == (D(2026, 11, 5), D(2026, 11, 16))
    with pytest.raises(Invalid) as late:  # the 8th 工作日 after the 公告期
        services.file_objection(notice, FORM, enterprise, today=D(2026, 11, 17))
    assert "2026年11月16日" in late.value.message and "第五十二条" in late.value.message
    o = services.file_objection(notice, FORM, enterprise, today=D(2026, 11, 16))
    assert o.kind == Objection.CHALLENGE
    assert clocks(o)["质疑答复"].due_date == D(2026, 11, 25)  # 7 个工作日 (P24)
    p.refresh_from_db()
    assert p.suspended  # P24S: a 质疑 on the result suspends the signing
    with pytest.raises(Conflict):
        step(p, "contract_signed", D(2026, 11, 20), buyer)
    # unanswered: the complaint period runs 15 个工作日 from the end of the answer period (P25)
    late_c = {"content": "请求认定中标无效", "reason": "采购人逾期未答复。"}
    with pytest.raises(Invalid) as too_late:
        services.file_complaint(p, late_c, enterprise, today=D(2026, 12, 17))
    assert "2026年12月16日" in too_late.value.message
    c = services.file_complaint(p, late_c, enterprise, today=D(2026, 11, 26))
    assert clocks(c)["投诉受理审查"].due_date == D(2026, 12, 3)  # P26: 5 个工作日
    officer = staff("cz-officer", Role.DEPT_OFFICER, agency=finance)
    c = services.accept_complaint(c, officer, today=D(2026, 11, 27))
    # P26A: 30 个工作日 from filing, not from acceptance
    assert services.decision_due(c) == calendar.add_workdays(D(2026, 11, 26), 30) == D(2027, 1, 8)
    services.decide_complaint(c, "投诉事项成立，责令重新开展采购活动。", "《中华人民共和国政府采购法》第五十六条",
                              officer, today=D(2026, 12, 10))  # fmt: skip
    assert [x.pk for x in services.public_decisions(p)] == [c.pk]
    page = Client().get(f"/ggzy/xm/{p.pk}/").content.decode()  # the project's public page
    assert "投诉处理决定" in page and "责令重新开展采购活动" in page


@pytest.mark.django_db
def test_the_api_files_lists_answers_and_decides(buyer, body, enterprise, finance, settings):
    p, notice = tender_to_candidates(buyer, body, finance)
    Notice.objects.filter(pk=notice.pk).update(
        published_on=dt.date.today(), objection_until=dt.date.today() + dt.timedelta(days=3)
    )
    ent = logged_in(enterprise)
    url = f"/api/v1/trading/notices/{notice.pk}/objections"
    r = ent.post(url, FORM, content_type="application/json")
    assert r.status_code == 201, r.content
    filed = r.json()
    assert filed["kind_label"] == "异议" and filed["state_label"] == "待答复"
    r = logged_in(buyer).post(url, FORM, content_type="application/json")
    assert r.status_code == 403 and "法人" in r.json()["message"]
    r = ent.post(url, {"subject": "", "content": ""}, content_type="application/json")
    assert r.status_code == 422 and r.json()["field"] == "subject"
    assert [o["id"] for o in ent.get("/api/v1/trading/objections/mine").json()] == [filed["id"]]
    officer = logged_in(buyer)
    listed = officer.get("/api/v1/trading/objections").json()
    assert [o["id"] for o in listed] == [filed["id"]] and listed[0]["phone"] == "13974301234"
    stranger = logged_in(staff("zj-other", Role.DEPT_OFFICER, agency=finance))
    assert stranger.get(f"/api/v1/trading/objections/{filed['id']}").status_code == 404
    answer = f"/api/v1/trading/objections/{filed['id']}/answer"
    r = officer.post(answer, {"answer": "已复核。", "version": filed["version"] + 5},
                     content_type="application/json")  # fmt: skip
    assert r.status_code == 409
    r = officer.post(answer, {"answer": "已复核。", "version": filed["version"]},
                     content_type="application/json")  # fmt: skip
    assert r.status_code == 200 and r.json()["project_suspended"] is False
    r = ent.post(f"/api/v1/trading/projects/{p.pk}/complaints",
                 {"content": "请求重新评标", "reason": "答复不充分"},
                 content_type="application/json")  # fmt: skip
    assert r.status_code == 201, r.content
    c = r.json()
    assert c["supervisor"] == finance.name and c["state_label"] == "待审查"
    assert c["acceptance_due"] == calendar.add_workdays(dt.date.today(), 3).isoformat()
    sup = logged_in(staff("cz-jd", Role.DEPT_OFFICER, agency=finance))
    assert [x["id"] for x in sup.get("/api/v1/trading/complaints").json()] == [c["id"]]
    r = sup.post(f"/api/v1/trading/complaints/{c['id']}/refuse", {"reason": ""},
                 content_type="application/json")  # fmt: skip
    assert r.status_code == 422
    r = sup.post(f"/api/v1/trading/complaints/{c['id']}/accept", {"version": c["version"]},
                 content_type="application/json")  # fmt: skip
    assert r.status_code == 200 and r.json()["state_label"] == "已受理"
    r = sup.post(f"/api/v1/trading/complaints/{c['id']}/decide",
                 json.dumps({"decision": "驳回投诉", "basis": "实施条例第六十一条"}),
                 content_type="application/json")  # fmt: skip
    assert r.status_code == 200 and r.json()["state"] == "decided"
    mine = ent.get("/api/v1/trading/complaints/mine").json()
    assert mine[0]["decision"] == "驳回投诉"
