"""Issue 22 §3: staff RUN 在线访谈 and 民意征集 through the API (/api/v1/interaction/staff/...),
as the workbench pages do — a question asked publicly is moderated, answered and shows in the
live JSON; a public comment is moderated, its 采纳情况 recorded and the feedback published for
the public API. Out of scope is 404, a stale version 409, bad input 422 in Chinese."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from zhengwu.core import captcha
from zhengwu.core.models import AuditEvent
from zhengwu.interaction import services
from zhengwu.interaction.models import (
    ConsultationComment,
    Interview,
    InterviewQuestion,
)
from zhengwu.org import tokens
from zhengwu.org.models import ApiToken

API = "/api/v1/interaction"
STAFF = f"{API}/staff"


def send(client, method: str, url: str, data: dict, **headers):
    return getattr(client, method)(
        url, json.dumps(data), content_type="application/json", **headers
    )


def chinese(response) -> str:
    """The error's message, checked to be in Chinese with a stable code."""
    body = response.json()
    assert body["code"] and any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), body
    return body["message"]


@pytest.fixture
def api_staff(handler):
    c = Client()
    c.force_login(handler)
    return c


@pytest.fixture
def outsider(fh_handler):
    """凤凰县's handler: another agency, so every object of 吉首市市场监管 is out of scope."""
    c = Client()
    c.force_login(fh_handler)
    return c


@pytest.fixture
def bearer(handler):
    _, key = tokens.issue(handler, name="访谈主持系统", scope=ApiToken.WRITE, verified=True)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def anonymous_with_captcha() -> tuple[Client, dict]:
    client = Client()
    challenge = client.get(f"{API}/captcha").json()
    answer = captcha.peek_answer(client.session, challenge["token"])
    return client, {"captcha_token": challenge["token"], "captcha": answer}


# --- 在线访谈 ----------------------------------------------------------------------------------


def test_an_interview_is_run_through_the_api(interview, citizen, api_staff, bearer):
    asker = Client()
    asker.force_login(citizen)
    first = send(
        asker,
        "post",
        f"{API}/interviews/{interview.pk}/questions",
        {"name": "吉首网友", "text": "校园周边的小摊贩由哪个部门监管？"},
    )
    assert first.status_code == 201, first.content
    anon, solved = anonymous_with_captcha()
    second = send(
        anon,
        "post",
        f"{API}/interviews/{interview.pk}/questions",
        {"name": "乾州居民", "text": "农贸市场的公平秤多久校准一次？", **solved},
    )
    assert second.status_code == 201, second.content
    q1, q2 = first.json()["id"], second.json()["id"]

    assert Client().get(f"{STAFF}/interviews/{interview.pk}/questions").status_code == 401
    listed = api_staff.get(f"{STAFF}/interviews/{interview.pk}/questions").json()
    assert listed["count"] == 2 and listed["pending"] == 2
    assert [r["id"] for r in listed["results"]] == [q1, q2]
    assert listed["results"][0]["state_label"] == "待审核"

    # the first is not taken: the one still waiting comes first
    moderate = f"{STAFF}/interviews/{interview.pk}/questions"
    r = send(
        api_staff,
        "post",
        f"{moderate}/{q1}/moderation",
        {"decision": "reject", "reason": "与本场主题无关", "version": 1},
    )
    assert r.status_code == 200 and r.json()["state_label"] == "未采用"
    assert r.json()["moderation_reason"] == "与本场主题无关"
    listed = api_staff.get(f"{STAFF}/interviews/{interview.pk}/questions").json()
    assert [r["id"] for r in listed["results"]] == [q2, q1] and listed["pending"] == 1
    only = api_staff.get(f"{STAFF}/interviews/{interview.pk}/questions?state=rejected").json()
    assert [r["id"] for r in only["results"]] == [q1]

    # with a bearer token as well as the session
    r = send(
        Client(),
        "post",
        f"{moderate}/{q2}/moderation",
        {"decision": "approve", "version": 1},
        **bearer,
    )
    assert r.status_code == 200 and r.json()["state"] == InterviewQuestion.APPROVED

    live = send(api_staff, "post", f"{STAFF}/interviews/{interview.pk}/state", {"state": "live"})
    assert live.status_code == 200 and live.json()["state_label"] == "正在直播"
    answer = send(
        api_staff,
        "post",
        f"{STAFF}/interviews/{interview.pk}/posts",
        {
            "speaker": "吉首市市场监督管理局局长（演示）",
            "text": "城区农贸市场的公平秤每半年由计量检定机构检定一次。",
            "question_id": q2,
        },
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["question_id"] == q2
    host = send(
        api_staff,
        "post",
        f"{STAFF}/interviews/{interview.pk}/posts",
        {"speaker": "主持人（演示）", "text": "感谢局长的解答，下面进入下一个问题。"},
        **{"HTTP_IDEMPOTENCY_KEY": "host-line-1"},
    )
    assert host.status_code == 201 and host.json()["question_id"] is None
    again = send(
        api_staff,
        "post",
        f"{STAFF}/interviews/{interview.pk}/posts",
        {"speaker": "主持人（演示）", "text": "感谢局长的解答，下面进入下一个问题。"},
        **{"HTTP_IDEMPOTENCY_KEY": "host-line-1"},
    )
    assert again.json()["id"] == host.json()["id"]  # a retry posts the line once

    state = Client().get(f"{API}/interviews/{interview.pk}/live").json()
    assert [q["id"] for q in state["questions"]] == [q2]  # the rejected one never shows
    assert state["questions"][0]["state"] == InterviewQuestion.ANSWERED
    assert [p["text"] for p in state["posts"]] == [
        "城区农贸市场的公平秤每半年由计量检定机构检定一次。",
        "感谢局长的解答，下面进入下一个问题。",
    ]
    assert state["posts"][0]["question"]["public_text"] == "农贸市场的公平秤多久校准一次？"

    done = send(
        api_staff, "post", f"{STAFF}/interviews/{interview.pk}/state", {"state": "finished"}
    )
    assert done.status_code == 200
    version = done.json()["version"]
    intro = "本次访谈围绕农贸市场计量监管展开，共收到网友问题2个，现场解答1个。"
    r = send(
        api_staff,
        "put",
        f"{STAFF}/interviews/{interview.pk}/transcript",
        {"intro": intro, "version": version},
    )
    assert r.status_code == 200 and r.json()["transcript_intro"] == intro
    stale = send(
        api_staff,
        "put",
        f"{STAFF}/interviews/{interview.pk}/transcript",
        {"intro": "改写", "version": version},
    )
    assert stale.status_code == 409 and "已被他人处理" in chinese(stale)
    assert Client().get(f"{API}/interviews/{interview.pk}/live").json()["transcript_intro"] == intro
    assert AuditEvent.objects.filter(action="interaction.interview_post").count() == 2
    assert AuditEvent.objects.filter(action="interaction.question_moderated").count() == 2


def test_interview_refusals_are_chinese_4xx(interview, mailbox, api_staff, outsider):
    q = services.ask_question(interview, name="网友", text="校园周边食品怎么监管？")
    other = Interview.objects.create(
        title="另一场访谈",
        summary="另一场访谈的简介。",
        agency=mailbox.agency,
        guests="嘉宾（演示）",
        host="主持人（演示）",
        starts_at=interview.starts_at,
        ends_at=interview.ends_at,
    )
    stranger = services.ask_question(other, name="网友", text="另一场访谈的问题内容")
    base = f"{STAFF}/interviews/{interview.pk}"

    # out of scope, or a question of another interview: 404
    assert outsider.get(f"{base}/questions").status_code == 404
    r = send(outsider, "post", f"{base}/questions/{q.pk}/moderation", {"decision": "approve"})
    assert r.status_code == 404
    r = send(outsider, "post", f"{base}/posts", {"speaker": "某人", "text": "越权发言"})
    assert r.status_code == 404
    r = send(outsider, "put", f"{base}/transcript", {"intro": "越权"})
    assert r.status_code == 404
    r = send(
        api_staff, "post", f"{base}/questions/{stranger.pk}/moderation", {"decision": "approve"}
    )
    assert r.status_code == 404 and chinese(r) == "未找到该问题"

    # bad input: 422 with the field
    r = send(api_staff, "post", f"{base}/questions/{q.pk}/moderation", {"decision": "maybe"})
    assert r.status_code == 422 and r.json()["field"] == "decision" and "采用" in chinese(r)
    assert api_staff.get(f"{base}/questions?state=lost").status_code == 422
    assert api_staff.get(f"{base}/questions?limit=0").status_code == 422
    assert send(api_staff, "post", f"{base}/questions/{q.pk}/moderation", {}).status_code == 422

    # a line before the interview is live: 409
    r = send(api_staff, "post", f"{base}/posts", {"speaker": "主持人", "text": "大家好"})
    assert r.status_code == 409 and chinese(r) == "访谈不在直播中"
    send(api_staff, "post", f"{base}/state", {"state": "live"})
    r = send(api_staff, "post", f"{base}/posts", {"speaker": " ", "text": "大家好"})
    assert r.status_code == 422 and chinese(r) == "请填写发言人"
    # a question not yet taken, or of another interview, cannot be answered
    for question in (q.pk, stranger.pk):
        r = send(
            api_staff,
            "post",
            f"{base}/posts",
            {"speaker": "局长", "text": "回答", "question_id": question},
        )
        assert r.status_code == 422 and chinese(r) == "只能回答本场已采用的问题"

    # moderated once: a second attempt with the old version is stale (409), without is refused
    ok = send(
        api_staff,
        "post",
        f"{base}/questions/{q.pk}/moderation",
        {"decision": "approve", "version": 1},
    )
    assert ok.status_code == 200
    stale = send(
        api_staff,
        "post",
        f"{base}/questions/{q.pk}/moderation",
        {"decision": "reject", "version": 1},
    )
    assert stale.status_code == 409 and "已被他人处理" in chinese(stale)
    twice = send(api_staff, "post", f"{base}/questions/{q.pk}/moderation", {"decision": "reject"})
    assert twice.status_code == 409 and chinese(twice) == "该问题已审核"
    q.refresh_from_db()
    assert q.state == InterviewQuestion.APPROVED


# --- 民意征集 ----------------------------------------------------------------------------------


def test_a_consultation_is_run_through_the_api(consultation, citizen, api_staff, words):
    section = consultation.sections.get(order=2)
    writer = Client()
    writer.force_login(citizen)
    public = f"{API}/consultations/{consultation.pk}"
    first = send(
        writer,
        "post",
        f"{public}/comments",
        {"section_id": section.pk, "name": "张女士", "text": "建议公平秤每月校准一次。"},
    )
    assert first.status_code == 201, first.content
    anon, solved = anonymous_with_captcha()
    second = send(
        anon,
        "post",
        f"{public}/comments",
        {"name": "李先生", "text": "本办法应写明市场开办者的卫生保洁责任。", **solved},
    )
    assert second.status_code == 201, second.content
    held = services.comment(consultation, name="某网友", text="可以代开发票，联系我。")
    c1, c2 = first.json()["id"], second.json()["id"]

    staff = f"{STAFF}/consultations/{consultation.pk}"
    listed = api_staff.get(f"{staff}/comments").json()
    assert listed["count"] == 3 and listed["pending"] == 3
    assert [r["id"] for r in listed["results"]] == [c1, c2, held.pk]
    row = listed["results"][0]
    assert (row["section"], row["state_label"], row["adoption_label"]) == ("第二条", "待审核", "")
    assert listed["results"][1]["section"] == "全文"
    assert listed["results"][2]["held_words"] == ["代开发票"]

    r = send(api_staff, "post", f"{staff}/comments/{c1}/moderation", {"decision": "publish"})
    assert r.status_code == 200 and r.json()["state_label"] == "已公开"
    listed = api_staff.get(f"{staff}/comments").json()
    assert [r["id"] for r in listed["results"]] == [c2, held.pk, c1]  # waiting ones first
    r = send(api_staff, "post", f"{staff}/comments/{c2}/moderation", {"decision": "publish"})
    assert r.status_code == 200
    refused = send(
        api_staff, "post", f"{staff}/comments/{held.pk}/moderation", {"decision": "publish"}
    )
    assert refused.status_code == 422 and "代开发票" in chinese(refused)
    no_reason = send(
        api_staff, "post", f"{staff}/comments/{held.pk}/moderation", {"decision": "hide"}
    )
    assert no_reason.status_code == 422 and chinese(no_reason) == "请填写屏蔽理由（至少2个字）"
    hidden = send(
        api_staff,
        "post",
        f"{staff}/comments/{held.pk}/moderation",
        {"decision": "hide", "reason": "含违法广告信息", "version": 1},
    )
    assert hidden.status_code == 200 and hidden.json()["hidden_reason"] == "含违法广告信息"
    shown = Client().get(public).json()
    assert [cm["id"] for cm in shown["sections"][1]["comments"]] == [c1]
    assert [cm["id"] for cm in shown["general_comments"]] == [c2]

    # 采纳情况 of each published comment (codes or the office's words)
    r = send(
        api_staff,
        "put",
        f"{staff}/comments/{c1}/adoption",
        {"adoption": "部分采纳", "reason": "校准周期按计量法规定执行"},
    )
    assert r.status_code == 200 and r.json()["adoption"] == ConsultationComment.PARTLY
    assert r.json()["adoption_label"] == "部分采纳"
    r = send(api_staff, "put", f"{staff}/comments/{c2}/adoption", {"adoption": "adopted"})
    assert r.status_code == 200 and r.json()["adoption_label"] == "采纳"
    hidden_one = send(
        api_staff, "put", f"{staff}/comments/{held.pk}/adoption", {"adoption": "adopted"}
    )
    assert hidden_one.status_code == 409
    assert chinese(hidden_one) == "只有公开的意见可以登记采纳情况"

    # the feedback: only after the period
    text = "共收到意见3条，公开2条：采纳1条，部分采纳1条；1条因含违法广告信息未公开。"
    early = send(api_staff, "post", f"{staff}/feedback", {"text": text})
    assert early.status_code == 409 and chinese(early) == "征集期结束后才能发布反馈"
    closed = send(api_staff, "post", f"{staff}/close", {})
    assert closed.status_code == 200 and closed.json()["state_label"] == "已截止"
    version = closed.json()["version"]
    r = send(api_staff, "post", f"{staff}/feedback", {"text": text, "version": version})
    assert r.status_code == 200, r.content
    assert r.json()["state_label"] == "已反馈" and r.json()["feedback"] == text
    assert r.json()["feedback_published_at"] is not None
    stale = send(api_staff, "post", f"{staff}/feedback", {"text": text, "version": version})
    assert stale.status_code == 409 and "已被他人处理" in chinese(stale)

    fb = Client().get(f"{public}/feedback").json()
    assert fb["published"] and fb["statement"] == text
    assert [(x["id"], x["section"], x["adoption_label"], x["reason"]) for x in fb["comments"]] == [
        (c1, "第二条", "部分采纳", "校准周期按计量法规定执行"),
        (c2, "全文", "采纳", ""),
    ]
    assert AuditEvent.objects.filter(action="interaction.feedback_published").exists()


def test_consultation_refusals_are_chinese_4xx(consultation, handler, api_staff, outsider):
    cm = services.comment(consultation, name="张女士", text="建议公平秤每月校准一次。")
    staff = f"{STAFF}/consultations/{consultation.pk}"

    # out of scope: 404 everywhere, nothing changes
    assert outsider.get(f"{staff}/comments").status_code == 404
    for method, url, body in (
        ("post", f"{staff}/comments/{cm.pk}/moderation", {"decision": "publish"}),
        ("put", f"{staff}/comments/{cm.pk}/adoption", {"adoption": "adopted"}),
        ("post", f"{staff}/feedback", {"text": "越权发布的采纳情况说明文字"}),
    ):
        r = send(outsider, method, url, body)
        assert r.status_code == 404 and chinese(r), url
    cm.refresh_from_db()
    assert cm.state == ConsultationComment.PENDING
    missing = send(api_staff, "post", f"{STAFF}/consultations/0/feedback", {"text": "x" * 20})
    assert missing.status_code == 404 and chinese(missing) == "未找到该民意征集"
    # a comment of another consultation, through that one: 404
    other = services.create_consultation(
        consultation.agency,
        {
            "title": "另一项征集（征求意见稿）",
            "opens_on": timezone.localdate(),
            "closes_on": timezone.localdate() + dt.timedelta(days=9),
        },
        by=handler,
    )
    r = send(
        api_staff,
        "post",
        f"{STAFF}/consultations/{other.pk}/comments/{cm.pk}/moderation",
        {"decision": "publish"},
    )
    assert r.status_code == 404 and chinese(r) == "未找到该意见"

    # bad input: 422 with the field, in Chinese
    r = send(api_staff, "post", f"{staff}/comments/{cm.pk}/moderation", {"decision": "delete"})
    assert r.status_code == 422 and r.json()["field"] == "decision" and "公开" in chinese(r)
    assert api_staff.get(f"{staff}/comments?state=draft").status_code == 422
    send(api_staff, "post", f"{staff}/comments/{cm.pk}/moderation", {"decision": "publish"})
    r = send(api_staff, "put", f"{staff}/comments/{cm.pk}/adoption", {"adoption": "全部采纳"})
    assert r.status_code == 422 and chinese(r) == "请选择有效的采纳情况"
    assert r.json()["field"] == "adoption"
    r = send(api_staff, "put", f"{staff}/comments/{cm.pk}/adoption", {"adoption": "not_adopted"})
    assert r.status_code == 422 and chinese(r) == "未采纳或部分采纳的意见须说明理由"
    r = send(api_staff, "put", f"{staff}/comments/{cm.pk}/adoption", {"reason": "无"})
    assert r.status_code == 422 and chinese(r)
    r = send(api_staff, "post", f"{staff}/feedback", {"text": "太短"})
    assert r.status_code == 422 and r.json()["field"] == "text" and "采纳情况说明" in chinese(r)

    # stale: the comment changed since it was read
    r = send(
        api_staff,
        "put",
        f"{staff}/comments/{cm.pk}/adoption",
        {"adoption": "adopted", "version": 1},
    )
    assert r.status_code == 409 and "已被他人处理" in chinese(r)
    # every published comment answered before the feedback
    send(api_staff, "post", f"{staff}/close", {})
    r = send(api_staff, "post", f"{staff}/feedback", {"text": "共收到意见1条，已逐条研究。"})
    assert r.status_code == 409 and chinese(r) == "还有1条公开意见未填写采纳情况"
