"""A retried message, petition, complaint or consultation comment makes one record and gets the
first response again (API and form)."""

import re

from django.test import Client

from tests.conftest import post_twice
from zhengwu.interaction.models import Complaint, ConsultationComment, Message

from .conftest import BODY, solve

KEY_RE = r'name="idempotency_key" value="([0-9a-f]{32})"'


def test_message_api_retried_makes_one_message(as_user, citizen, mailbox):
    first = post_twice(
        as_user(citizen.username),
        "/api/v1/interaction/messages",
        {"mailbox_id": mailbox.pk, "kind": "complain", "title": "超市卖过期食品", "body": BODY},
        "msg-1",
        content_type="application/json",
    )
    assert first.status_code == 201 and first.json()["query_code"]
    assert Message.objects.filter(writer=citizen, title="超市卖过期食品").count() == 1


def test_message_form_sent_twice_anonymously_makes_one_message(mailbox):
    client = Client(REMOTE_ADDR="10.3.0.1")
    page = client.get("/hdjl/write/")
    key = re.search(KEY_RE, page.content.decode()).group(1)
    data = {
        "idempotency_key": key,
        "mailbox": mailbox.pk,
        "kind": "help",
        "title": "路灯损坏请求维修",
        "body": "峒河路段路灯已经坏了一个多月，晚上出行很不安全，请尽快维修。",
        "name": "李测试",
        "phone": "13907430000",
        **solve(client),
    }
    # the CAPTCHA works once: only the replay lets the second send through
    first = post_twice(client, "/hdjl/write/", data, key)
    assert first.status_code == 201
    message = Message.objects.get(writer_name="李测试")
    assert message.number in first.content.decode()  # the number and query code, shown again


def test_petition_marked_twice_is_marked_once_api_and_page(letter, handler, as_user):
    staff = as_user(handler.username)
    first = post_twice(
        staff,
        f"/api/v1/interaction/messages/{letter.pk}/petition",
        {},
        "pet-1",
        content_type="application/json",
    )
    assert first.json()["id"] == letter.pk
    letter.refresh_from_db()
    assert letter.is_petition
    page = staff.get(f"/workbench/interaction/messages/{letter.pk}/").content.decode()
    key = re.search(KEY_RE, page).group(1)
    # accepting the petition (信访受理告知) from the page, sent twice: one event, one redirect
    r = post_twice(
        staff,
        f"/workbench/interaction/messages/{letter.pk}/",
        {"action": "accept_petition", "idempotency_key": key},
        key,
    )
    assert r.status_code == 302
    letter.refresh_from_db()
    assert letter.petition_accepted_on


def test_complaint_retried_makes_one_complaint_api_and_form(as_user, citizen, agency):
    writer = as_user(citizen.username)
    post_twice(
        writer,
        "/api/v1/interaction/complaints",
        {
            "about": "agency",
            "agency_id": agency.pk,
            "title": "窗口不一次性告知",
            "body": "办理营业执照变更时，窗口三次要求补交不同材料。",
        },
        "cpl-1",
        content_type="application/json",
    )
    page = writer.get("/hdjl/complain/").content.decode()
    key = re.search(KEY_RE, page).group(1)
    form = {
        "idempotency_key": key,
        "about": "agency",
        "agency": agency.pk,
        "title": "窗口态度生硬",
        "body": "窗口工作人员态度生硬，不耐烦解答问题。",
    }
    assert post_twice(writer, "/hdjl/complain/", form, key).status_code == 201
    assert Complaint.objects.filter(complainant=citizen, title="窗口不一次性告知").count() == 1
    assert Complaint.objects.filter(complainant=citizen, title="窗口态度生硬").count() == 1


def test_consultation_comment_sent_twice_is_one_comment(consultation, as_user, citizen):
    writer = as_user(citizen.username)
    url = f"/hdjl/consultations/{consultation.pk}/"
    key = re.search(KEY_RE, writer.get(url).content.decode()).group(1)
    form = {"idempotency_key": key, "name": "张女士", "text": "建议公平秤每月校准一次。"}
    assert post_twice(writer, url, form, key).status_code == 200
    # the header works on the form too (a client that is not a browser)
    post_twice(writer, url, {"name": "张女士", "text": "建议增设投诉电话。"}, "cmt-2")
    texts = ConsultationComment.objects.filter(consultation=consultation).values_list(
        "text", flat=True
    )
    assert sorted(texts) == ["建议公平秤每月校准一次。", "建议增设投诉电话。"]
