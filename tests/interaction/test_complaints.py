"""行政投诉 reaches the supervision office with its 5-working-day acceptance clock."""

import datetime as dt

import pytest
from django.test import Client

from zhengwu.core import clock
from zhengwu.core.errors import NotAllowed
from zhengwu.core.models import Clock
from zhengwu.interaction import services
from zhengwu.interaction.models import Complaint
from zhengwu.org.models import Agency, User

D = dt.date.fromisoformat


def test_complaint_reaches_supervision_with_a_five_day_clock(frozen, as_user, citizen, agency):
    supervisor_client = as_user("supervisor")
    writer = as_user(citizen.username)
    frozen("2025-09-26 10:00")
    r = writer.post(
        "/hdjl/complain/",
        {
            "about": "agency",
            "agency": agency.pk,
            "title": "营业执照变更未一次性告知",
            "body": "办理营业执照变更时，窗口三次要求补交不同材料，没有一次性告知。",
        },
    )
    assert r.status_code == 201
    complaint = Complaint.objects.get(complainant=citizen, title="营业执照变更未一次性告知")
    assert complaint.number in r.content.decode()
    c = clock.clocks_of(complaint).get()
    # 5 working days from 2025-09-26: 9-28 (Sun, workday), 9-29, 9-30, 10-09, 10-10.
    assert (c.purpose, c.limit, c.due_date) == (services.COMPLAINT_ACCEPT_CLOCK, 5, D("2025-10-10"))
    assert c.agency_id == agency.pk and c.scope_path == agency.scope_path

    listing = supervisor_client.get("/workbench/interaction/complaints/").content.decode()
    assert complaint.number in listing
    page = supervisor_client.get(f"/workbench/interaction/complaints/{complaint.pk}/")
    assert "行政投诉受理审查" in page.content.decode() and "2025-10-10" in page.content.decode()
    frozen("2025-09-29 10:00")
    supervisor = User.objects.get(username="supervisor")
    services.decide_complaint(
        complaint, accept_it=True, reason="予以受理，转被投诉单位核查", by=supervisor
    )
    complaint.refresh_from_db()
    assert complaint.state == Complaint.ACCEPTED and complaint.decided_on == D("2025-09-29")
    clocks = {k.purpose: k for k in clock.clocks_of(complaint)}
    assert clocks[services.COMPLAINT_ACCEPT_CLOCK].state == Clock.STOPPED
    assert clocks[services.COMPLAINT_ANSWER_CLOCK].state == Clock.RUNNING
    services.answer_complaint(
        complaint, text="经核查属实，已责令整改并约谈窗口负责人。", by=supervisor
    )
    complaint.refresh_from_db()
    assert complaint.state == Complaint.ANSWERED
    mine = writer.get("/hdjl/complain/").content.decode()
    assert "约谈窗口负责人" in mine


def test_complaint_links_to_a_window_and_to_a_generic_subject(citizen, agency):
    window = agency.windows.first()
    c = services.file_complaint(
        about=Complaint.WINDOW,
        agency=agency,
        window=window,
        title="窗口态度生硬",
        body="窗口工作人员态度生硬，不耐烦解答问题。",
        by=citizen,
    )
    assert c.window == window and c.agency == agency
    other = services.file_complaint(
        about=Complaint.AGENCY,
        agency=agency,
        subject=agency,
        title="单位不作为问题",
        body="多次反映的问题一直没有人处理答复。",
        by=citizen,
    )
    assert other.subject == agency


def test_complaint_scoping(as_user, citizen, other_citizen, agency):
    c = services.file_complaint(
        about=Complaint.AGENCY,
        agency=agency,
        title="吉首单位投诉",
        body="投诉内容十个字以上的描述。",
        by=citizen,
    )
    fh = as_user("fh-supervisor")
    assert fh.get(f"/workbench/interaction/complaints/{c.pk}/").status_code == 404
    assert c.number not in fh.get("/workbench/interaction/complaints/").content.decode()
    assert (
        fh.post(
            f"/api/v1/interaction/complaints/{c.pk}/decision",
            {"accept": True, "reason": "越权"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert c.pk not in [x["id"] for x in fh.get("/api/v1/interaction/complaints").json()]
    assert c.pk in [
        x["id"] for x in as_user("supervisor").get("/api/v1/interaction/complaints").json()
    ]
    assert c.pk not in [
        x["id"]
        for x in as_user(other_citizen.username).get("/api/v1/interaction/complaints").json()
    ]
    assert as_user("handler").get(f"/workbench/interaction/complaints/{c.pk}/").status_code == 404
    assert Client().get("/api/v1/interaction/complaints").status_code == 401
    assert Client().get("/hdjl/complain/").status_code == 302
    fh_gov = Agency.objects.get(jurisdiction__code="433123", kind=Agency.GOVERNMENT)
    fh_case = services.file_complaint(
        about=Complaint.AGENCY,
        agency=fh_gov,
        title="凤凰单位投诉",
        body="投诉内容十个字以上的描述。",
        by=citizen,
    )
    assert fh.get(f"/workbench/interaction/complaints/{fh_case.pk}/").status_code == 200


def test_complaint_bad_input_and_staff_refused(as_user, citizen, agency):
    writer = as_user(citizen.username)
    r = writer.post(
        "/hdjl/complain/",
        {
            "about": "case",
            "agency": agency.pk,
            "title": "办件投诉",
            "body": "办件超期没有办结，请督办。",
        },
    )
    assert r.status_code == 422 and "请填写被投诉的办件号" in r.content.decode()
    r = writer.post(
        "/hdjl/complain/", {"about": "agency", "title": "没有单位", "body": "内容内容内容内容内容"}
    )
    assert r.status_code == 422 and "请选择被投诉的单位" in r.content.decode()
    api = writer.post(
        "/api/v1/interaction/complaints",
        {
            "about": "nothing",
            "agency_id": agency.pk,
            "title": "标题标题",
            "body": "内容内容内容内容内容",
        },
        content_type="application/json",
    )
    assert api.status_code == 422 and "投诉对象类型" in api.json()["message"]
    with pytest.raises(NotAllowed):
        services.file_complaint(
            about="agency",
            agency=agency,
            title="工作人员",
            body="工作人员不能投诉。。",
            by=User.objects.get(username="window"),
        )
    api_ok = writer.post(
        "/api/v1/interaction/complaints",
        {
            "about": "case",
            "reference": "BJ2026-0001",
            "agency_id": agency.pk,
            "title": "办件超期",
            "body": "办件已超期十天仍未办结。",
        },
        content_type="application/json",
    )
    assert api_ok.status_code == 201 and api_ok.json()["due_on"]


def test_supervisor_decides_and_answers_in_the_workbench(as_user, citizen, agency):
    c = services.file_complaint(
        about=Complaint.AGENCY,
        agency=agency,
        title="办事多次跑腿",
        body="同一事项跑了四趟还没有办成。",
        by=citizen,
    )
    supervisor = as_user("supervisor")
    url = f"/workbench/interaction/complaints/{c.pk}/"
    empty = supervisor.post(url, {"action": "accept", "reason": ""})
    assert empty.status_code == 422 and "请填写受理意见" in empty.content.decode()
    assert supervisor.post(url, {"action": "accept", "reason": "予以受理"}).status_code == 302
    done = supervisor.post(url, {"action": "answer", "text": "已督促该单位一次性告知并办结。"})
    assert done.status_code == 302
    c.refresh_from_db()
    assert c.state == Complaint.ANSWERED
    again = supervisor.post(url, {"action": "accept", "reason": "再次受理"})
    assert again.status_code == 409
