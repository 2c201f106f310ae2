"""Every state change in 政民互动 follows core/workflow.py: through the pages and the API, a
version read before someone else's change is refused (409, in Chinese) and changes nothing, and
an action the record's state does not allow is refused in the table's words."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from zhengwu.core.models import AuditEvent
from zhengwu.interaction import services
from zhengwu.interaction.models import (
    Complaint,
    Consultation,
    ConsultationComment,
    Extension,
    Interview,
    InterviewQuestion,
    Message,
)

API = "/api/v1/interaction"


def stale(name: str) -> str:
    return f"该{name}已被他人处理，请刷新后查看最新状态"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_json(client, url, data):
    return client.post(url, data, content_type="application/json")


# --- 网民留言 -----------------------------------------------------------------------------------


def test_a_reply_on_a_stale_version_changes_nothing(letter, handler):
    client = logged_in(handler)
    assert (
        post_json(client, f"{API}/messages/{letter.pk}/accept", {"version": 1}).json()["version"]
        == 2
    )
    late = post_json(
        client,
        f"{API}/messages/{letter.pk}/reply",
        {"version": 1, "text": "经核查，该超市已下架过期食品并被立案调查。"},
    )
    assert late.status_code == 409 and late.json()["message"] == stale("网民留言")
    stored = Message.objects.get(pk=letter.pk)
    assert (stored.state, stored.reply, stored.version) == (Message.ACCEPTED, "", 2)
    refused = AuditEvent.objects.get(action="interaction.message_replied", success=False)
    assert "已被他人处理" in refused.after["conflict"]


def test_the_tables_refuse_in_their_own_words(letter, handler, citizen, fh_mailbox):
    page = logged_in(handler)
    url = f"/workbench/interaction/messages/{letter.pk}/"
    early = page.post(url, {"action": "publish", "version": "1"})
    assert early.status_code == 409 and "留言答复后才能公开" in early.content.decode()
    writer = logged_in(citizen)
    rated = post_json(writer, f"{API}/messages/{letter.number}/rate", {"satisfaction": "satisfied"})
    assert rated.status_code == 409 and rated.json()["message"] == "留言答复后才能评价"
    replied = page.post(url, {"action": "reply", "text": "已调查处理，感谢您的反映和监督。"})
    assert replied.status_code == 302
    assert page.post(url, {"action": "hide", "reason": "涉及隐私"}).status_code == 302
    again = page.post(url, {"action": "hide", "reason": "涉及隐私"})
    assert again.status_code == 409 and "该留言已屏蔽" in again.content.decode()
    to = str(fh_mailbox.agency_id)
    late = page.post(url, {"action": "transfer", "to_agency": to, "reason": "属他单位"})
    assert late.status_code == 409 and "已办结的留言不能转办" in late.content.decode()
    stored = Message.objects.get(pk=letter.pk)
    assert (stored.state, stored.publication, stored.agency_id) == (
        Message.REPLIED,
        Message.HIDDEN,
        letter.agency_id,
    )


def test_publication_is_a_table_of_its_own():
    rows = {r["action"]: r for r in Message.publication_flow.table(Message)}
    hidden = rows["interaction.message_hidden"]
    assert (hidden["from"], hidden["to"]) == (["不公开", "待审核", "已公开"], "已屏蔽")


def test_an_extension_is_decided_once_and_on_the_version_read(letter, handler, as_user):
    officer = logged_in(handler)
    url = f"/workbench/interaction/messages/{letter.pk}/"
    asked = officer.post(
        url, {"action": "extend", "days": "3", "reason": "需现场核查", "version": "1"}
    )
    assert asked.status_code == 302
    ext = Extension.objects.get(message=letter)
    head = as_user("head")
    decide = {"action": "decide_extension", "extension": ext.pk, "approve": "1"}
    assert head.post(url, {**decide, "version": "1"}).status_code == 302
    late = head.post(url, {**decide, "approve": "0", "version": "1"})
    assert late.status_code == 409 and stale("延期申请") in late.content.decode()
    again = head.post(url, {**decide, "approve": "0", "version": "2"})
    assert again.status_code == 409 and "该延期申请已审批" in again.content.decode()
    ext.refresh_from_db()
    assert (ext.state, ext.version) == (Extension.APPROVED, 2)


# --- 在线访谈 -----------------------------------------------------------------------------------


def test_an_interview_moves_on_the_version_read_and_not_back(interview, handler):
    host = logged_in(handler)
    url = f"/workbench/interaction/interviews/{interview.pk}/"
    assert host.post(url, {"action": "state", "state": "live", "version": "1"}).status_code == 302
    late = host.post(url, {"action": "intro", "text": "实录说明", "version": "1"})
    assert late.status_code == 409 and stale("在线访谈") in late.content.decode()
    assert host.post(url, {"action": "state", "state": "finished"}).status_code == 302
    again = host.post(url, {"action": "state", "state": "live"})
    assert again.status_code == 409 and "访谈已结束，不能再变更状态" in again.content.decode()
    interview.refresh_from_db()
    assert (interview.state, interview.transcript_intro, interview.version) == (
        Interview.FINISHED,
        "",
        3,
    )


def test_a_question_is_moderated_once(interview, handler):
    q = services.ask_question(interview, name="网友", text="校园周边食品安全怎么监管？")
    host = logged_in(handler)
    url = f"/workbench/interaction/interviews/{interview.pk}/"
    assert (
        host.post(url, {"action": "approve", "question": q.pk, "version": "1"}).status_code == 302
    )
    late = host.post(url, {"action": "reject", "question": q.pk, "version": "1"})
    assert late.status_code == 409 and stale("访谈提问") in late.content.decode()
    again = host.post(url, {"action": "reject", "question": q.pk, "version": "2"})
    assert again.status_code == 409 and "该问题已审核" in again.content.decode()
    q.refresh_from_db()
    assert (q.state, q.version) == (InterviewQuestion.APPROVED, 2)


# --- 民意征集 -----------------------------------------------------------------------------------


def test_comments_and_feedback_follow_the_version_and_the_table(consultation, handler):
    cm = services.comment(consultation, name="网友", text="建议公平秤每月校准一次。")
    staff = logged_in(handler)
    url = f"/workbench/interaction/consultations/{consultation.pk}/"
    adopt = {"action": "adopt", "comment": cm.pk, "adoption": "adopted"}
    early = staff.post(url, adopt)
    assert early.status_code == 409 and "只有公开的意见可以登记采纳情况" in early.content.decode()
    assert (
        staff.post(url, {"action": "publish", "comment": cm.pk, "version": "1"}).status_code == 302
    )
    late = staff.post(url, {"action": "hide", "comment": cm.pk, "reason": "广告", "version": "1"})
    assert late.status_code == 409 and stale("征集意见") in late.content.decode()
    cm.refresh_from_db()
    assert (cm.state, cm.version) == (ConsultationComment.PUBLISHED, 2)

    assert staff.post(url, {**adopt, "version": "2"}).status_code == 302
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_on=timezone.localdate() - dt.timedelta(days=1)
    )
    text = "共收到意见1条，采纳1条，已据此修改第二条。"
    assert staff.post(url, {"action": "feedback", "text": text, "version": "1"}).status_code == 302
    late = staff.post(url, {"action": "feedback", "text": text + "（更正）", "version": "1"})
    assert late.status_code == 409 and stale("民意征集") in late.content.decode()
    consultation.refresh_from_db()
    assert (consultation.state, consultation.feedback, consultation.version) == (
        Consultation.FEEDBACK,
        text,
        2,
    )


def test_no_feedback_on_a_draft(consultation, handler):
    Consultation.objects.filter(pk=consultation.pk).update(state=Consultation.DRAFT)
    url = f"/workbench/interaction/consultations/{consultation.pk}/"
    r = logged_in(handler).post(url, {"action": "feedback", "text": "共收到意见0条，无需修改。"})
    assert r.status_code == 409
    assert "该民意征集当前状态为“未发布”，不能公布采纳情况" in r.content.decode()


# --- 行政投诉 -----------------------------------------------------------------------------------


@pytest.fixture
def complaint(citizen, agency):
    return services.file_complaint(
        about=Complaint.AGENCY,
        agency=agency,
        title="办事多次跑腿",
        body="同一事项跑了四趟还没有办成。",
        by=citizen,
    )


def test_a_complaint_is_answered_on_the_version_read(complaint, as_user):
    supervisor = as_user("supervisor")
    early = post_json(
        supervisor, f"{API}/complaints/{complaint.pk}/answer", {"text": "已督促该单位办结此事。"}
    )
    assert early.status_code == 409 and early.json()["message"] == "只有已受理的投诉可以答复"
    decided = post_json(
        supervisor,
        f"{API}/complaints/{complaint.pk}/decision",
        {"accept": True, "reason": "予以受理", "version": 1},
    )
    assert decided.status_code == 200 and decided.json()["version"] == 2
    late = post_json(
        supervisor,
        f"{API}/complaints/{complaint.pk}/decision",
        {"accept": False, "reason": "不属于受理范围", "version": 1},
    )
    assert late.status_code == 409 and late.json()["message"] == stale("行政投诉")
    page = supervisor.post(
        f"/workbench/interaction/complaints/{complaint.pk}/",
        {"action": "decline", "reason": "不属于受理范围", "version": "2"},
    )
    assert page.status_code == 409 and "该投诉已作出受理决定" in page.content.decode()
    complaint.refresh_from_db()
    assert (complaint.state, complaint.decision_reason, complaint.version) == (
        Complaint.ACCEPTED,
        "予以受理",
        2,
    )
