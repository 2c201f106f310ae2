"""The pages of 异议/质疑 and 投诉: the enterprise files on a notice (login required, a 法人
account only, the window and the article shown), sees its answer and complains; the body's
officer answers in the workbench; the 行政监督部门's officer accepts and decides; each page
masks the filer's phone but the answering officer's; the 待办 of whoever must act next."""

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import Client

from zhengwu.core import calendar
from zhengwu.org.models import Role, User
from zhengwu.portal import workbench
from zhengwu.trading import services
from zhengwu.trading.models import Complaint, Objection, Project

from .conftest import logged_in, staff
from .objection_data import live_candidates


def said(r) -> str:
    return " ".join(str(m) for m in get_messages(r.wsgi_request))


@pytest.mark.django_db
def test_an_objection_answered_and_a_complaint_decided_through_the_pages(
    buyer, body, enterprise, finance
):
    p, notice = live_candidates(buyer, body, finance)
    url = f"/ggzy/gg/{notice.pk}/yy/"
    r = Client().get(url)
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/?next=")
    r = logged_in(buyer).get(url)  # staff: told to log in as 法人
    assert r.status_code == 403 and "法人账户" in r.content.decode()
    ent = logged_in(enterprise)
    page = ent.get(url).content.decode()
    assert "提出异议" in page and "第五十四条" in page
    assert f"{notice.objection_until:%Y年%-m月%-d日}" in page
    r = ent.post(url, {"subject": "", "content": "业绩不符", "phone": "13974301234"})
    assert r.status_code == 422 and "请填写异议事项" in r.content.decode()
    assert "业绩不符" in r.content.decode()  # what was typed is kept
    r = ent.post(url, {"subject": "第一中标候选人业绩不符", "content": "所列业绩为在建项目。",
                       "contact": "彭立新", "phone": "13974301234"})  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:2000]
    o = Objection.objects.get()
    due = services.answer_due(o)
    assert f"应于{calendar.chinese_date(due)}前答复" in said(r) and "项目已依法暂停" in said(r)
    mine = ent.get(r["Location"]).content.decode()
    assert "第一中标候选人业绩不符" in mine and "139****1234" in mine and "13974301234" not in mine
    assert "139****1234" not in ent.get("/ggzy/wode/").content.decode()  # no phone on the list
    assert "第一中标候选人业绩不符" in ent.get("/ggzy/wode/").content.decode()
    assert any("交易异议" in p["title"] for p in workbench.citizen_panels(enterprise))

    # the owner's officer: the 待办, the list by due date, the phone in full, the answer
    panel = next(x for x in workbench.panels(buyer) if x["url"].endswith("/objections/"))
    assert panel["todo"] == 1
    officer = logged_in(buyer)
    listed = officer.get("/workbench/trading/objections/").content.decode()
    assert "第一中标候选人业绩不符" in listed and calendar.chinese_date(due) in listed
    detail = officer.get(f"/workbench/trading/objections/{o.pk}/").content.decode()
    assert "13974301234" in detail and "彭立新" in detail
    watcher = staff("zj-watch", Role.SUPERVISOR, jurisdiction=body.jurisdiction)
    shown = logged_in(watcher).get(f"/workbench/trading/objections/{o.pk}/").content.decode()
    assert "139****1234" in shown and "13974301234" not in shown and "答复内容" not in shown
    answer = f"/workbench/trading/objections/{o.pk}/answer/"
    r = officer.post(answer, {"answer": "", "version": o.version})
    assert r.status_code == 422 and "请填写答复内容" in r.content.decode()
    r = officer.post(answer, {"answer": "经核查，业绩符合招标文件要求。", "version": o.version + 3})
    assert r.status_code == 409
    r = officer.post(answer, {"answer": "经核查，业绩符合招标文件要求。", "version": o.version})
    assert r.status_code == 302 and "已答复，项目暂停已解除" in said(r)
    assert not Project.objects.get(pk=p.pk).suspended
    assert "经核查，业绩符合招标文件要求。" in ent.get(f"/ggzy/wode/yy/{o.pk}/").content.decode()

    # the complaint to the 行政监督部门
    r = ent.post(f"/ggzy/wode/yy/{o.pk}/ts/", {"content": "", "reason": ""})
    assert r.status_code == 422 and "请填写投诉事项和主张" in r.content.decode()
    r = ent.post(f"/ggzy/wode/yy/{o.pk}/ts/", {"content": "请求重新评标",
                                              "reason": "答复未回应在建项目问题。"})  # fmt: skip
    assert r.status_code == 302 and f"投诉已提交{finance.name}" in said(r)
    c = Complaint.objects.get()
    supervisor = staff("cz-jiandu", Role.DEPT_OFFICER, agency=finance)
    assert any(x["url"].endswith("/complaints/") and x["todo"] == 1
               for x in workbench.panels(supervisor))  # fmt: skip
    sup = logged_in(supervisor)
    assert (
        "请求重新评标"
        not in logged_in(buyer).get("/workbench/trading/complaints/").content.decode()
    )
    assert p.name in sup.get("/workbench/trading/complaints/").content.decode()
    r = logged_in(buyer).post(f"/workbench/trading/complaints/{c.pk}/accept/",
                              {"version": c.version})  # fmt: skip
    assert r.status_code == 404  # not the buyer's to see
    r = sup.post(f"/workbench/trading/complaints/{c.pk}/accept/", {"version": c.version})
    c.refresh_from_db()
    decided_by = calendar.chinese_date(services.decision_due(c))
    assert r.status_code == 302 and f"已受理，应于{decided_by}前作出处理决定" in said(r)
    r = sup.post(f"/workbench/trading/complaints/{c.pk}/decide/",
                 {"decision": "", "basis": "", "version": c.version})  # fmt: skip
    assert r.status_code == 422
    r = sup.post(f"/workbench/trading/complaints/{c.pk}/decide/",
                 {"decision": "驳回投诉。", "basis": "《中华人民共和国招标投标法实施条例》第六十一条",
                  "version": c.version})  # fmt: skip
    assert r.status_code == 302 and "已作出处理决定" in said(r)
    assert "驳回投诉。" in ent.get(f"/ggzy/wode/ts/{c.pk}/").content.decode()


@pytest.mark.django_db
def test_a_complaint_refused_and_a_procurement_decision_fragment(buyer, body, enterprise, finance):
    p, notice = live_candidates(buyer, body, finance)
    o = services.file_objection(notice, {"subject": "评分错误", "content": "技术分计算错误。"},
                                enterprise)  # fmt: skip
    services.answer_objection(o, {"answer": "已复核，无误。"}, buyer)
    c = services.file_complaint(p, {"content": "请求复核", "reason": "技术分错误"}, enterprise)
    sup = logged_in(staff("cz-jiandu", Role.DEPT_OFFICER, agency=finance))
    r = sup.post(f"/workbench/trading/complaints/{c.pk}/refuse/", {"reason": "", "version": 1})
    assert r.status_code == 422 and "请填写不予受理理由" in r.content.decode()
    r = sup.post(f"/workbench/trading/complaints/{c.pk}/refuse/",
                 {"reason": "投诉事项超出异议范围", "version": c.version})  # fmt: skip
    assert r.status_code == 302 and "已决定不予受理" in said(r)
    c.refresh_from_db()
    assert c.state == Complaint.REFUSED and c.refuse_reason == "投诉事项超出异议范围"
    # the fragment the public project page includes: a decided procurement complaint
    Project.objects.filter(pk=p.pk).update(kind="procurement")
    Complaint.objects.filter(pk=c.pk).update(state=Complaint.DECIDED, decision="责令重新评审",
                                             basis="政府采购法第五十六条")  # fmt: skip
    p.refresh_from_db()
    html = render_to_string("trading/objections/_decisions.html",
                            {"decisions": services.public_decisions(p)})  # fmt: skip
    assert "责令重新评审" in html and enterprise.real_name in html
    assert enterprise.username not in html


@pytest.mark.django_db
def test_a_citizen_is_told_to_log_in_as_an_enterprise(buyer, body):
    _, notice = live_candidates(buyer, body)
    citizen = User.objects.create_user(username="433101199203180027", kind=User.CITIZEN,
                                       real_name="彭立新")  # fmt: skip
    r = logged_in(citizen).post(f"/ggzy/gg/{notice.pk}/yy/", {"subject": "x", "content": "y"})
    assert r.status_code == 403 and "统一社会信用代码" in r.content.decode()
    assert not Objection.objects.exists()
