"""/api/v1/interaction/consultations (the public's four endpoints) and /staff/ (authoring)."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from zhengwu.interaction import services
from zhengwu.interaction.models import Consultation, ConsultationComment, Interview, Survey

API = "/api/v1/interaction"


def _day(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def put(client, url, data):
    return client.put(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def api_staff(handler):
    c = Client()
    c.force_login(handler)
    return c


def test_the_list_shows_open_and_closed_never_drafts(consultation, agency, handler):
    draft = services.create_consultation(
        agency,
        {"title": "尚未发布的征集稿", "opens_on": _day(0), "closes_on": _day(9)},
        by=handler,
    )
    body = Client().get(f"{API}/consultations?jurisdiction=433101&limit=100").json()
    ids = {r["id"] for r in body["results"]}
    assert consultation.pk in ids and draft.pk not in ids
    row = next(r for r in body["results"] if r["id"] == consultation.pk)
    assert row["state_label"] == "征集中" and row["is_open"] and row["agency"] == agency.name
    assert Client().get(f"{API}/consultations?limit=0").status_code == 422
    assert Client().get(f"{API}/consultations?state=draft").status_code == 422
    one = Client().get(f"{API}/consultations?limit=1").json()
    assert len(one["results"]) == 1 and one["count"] >= 2  # the demo's and this one
    assert Client().get(f"{API}/consultations/{draft.pk}").status_code == 404


def test_detail_comment_and_feedback(consultation, handler, citizen):
    section = consultation.sections.get(order=2)
    detail = Client().get(f"{API}/consultations/{consultation.pk}").json()
    assert [s["heading"] for s in detail["sections"]] == ["第一条", "第二条"]
    assert detail["feedback_published"] is False

    anon = Client()
    refused = post(
        anon, f"{API}/consultations/{consultation.pk}/comments", {"text": "没有验证码的意见"}
    )
    assert refused.status_code in (400, 422) and "验证码" in refused.json()["message"]
    writer = Client()
    writer.force_login(citizen)
    r = post(
        writer,
        f"{API}/consultations/{consultation.pk}/comments",
        {"section_id": section.pk, "name": "张女士", "text": "建议公平秤每月校准一次。"},
    )
    assert r.status_code == 201 and r.json()["state"] == "pending"
    wrong = post(
        writer,
        f"{API}/consultations/{consultation.pk}/comments",
        {"section_id": 999999, "text": "建议公平秤每月校准一次。"},
    )
    assert wrong.status_code == 422 and "条目不属于该征集" in wrong.json()["message"]
    cm = ConsultationComment.objects.get(pk=r.json()["id"])
    assert (
        Client().get(f"{API}/consultations/{consultation.pk}").json()["sections"][1]["comments"]
        == []
    )  # not before moderation
    services.moderate_comment(cm, publish_it=True, by=handler)
    shown = Client().get(f"{API}/consultations/{consultation.pk}").json()["sections"][1]
    assert shown["comments"][0]["text"] == "建议公平秤每月校准一次。"

    before = Client().get(f"{API}/consultations/{consultation.pk}/feedback").json()
    assert before["published"] is False and before["comments"] == []
    services.close_consultation(consultation, by=handler)
    services.set_adoption(cm, adoption="partly", reason="校准周期按计量法规定执行", by=handler)
    services.publish_feedback(consultation, text="共收到意见1条，部分采纳1条。", by=handler)
    fb = Client().get(f"{API}/consultations/{consultation.pk}/feedback").json()
    assert fb["published"] and fb["statement"] == "共收到意见1条，部分采纳1条。"
    assert fb["comments"] == [
        {
            "id": cm.pk,
            "section_id": section.pk,
            "section": "第二条",
            "author_name": "张女士",
            "text": "建议公平秤每月校准一次。",
            "adoption": "partly",
            "adoption_label": "部分采纳",
            "reason": "校准周期按计量法规定执行",
        }
    ]
    closed = post(
        writer, f"{API}/consultations/{consultation.pk}/comments", {"text": "征集结束后的意见"}
    )
    assert closed.status_code == 409 and "不在意见征集期内" in closed.json()["message"]


def test_staff_create_edit_and_open_a_consultation(api_staff, agency, fh_handler):
    payload = {
        "agency_id": agency.pk,
        "title": "吉首市城区养犬管理规定（征求意见稿）",
        "summary": "起草说明",
        "opens_on": _day(0),
        "closes_on": _day(30),
        "sections": [],
    }
    assert post(Client(), f"{API}/staff/consultations", payload).status_code == 401
    r = post(api_staff, f"{API}/staff/consultations", payload)
    assert r.status_code == 201 and r.json()["state"] == "draft"
    pk = r.json()["id"]
    refused = post(api_staff, f"{API}/staff/consultations/{pk}/open", {})
    assert refused.status_code == 409 and "还没有条目" in refused.json()["message"]
    sections = [
        {"heading": "第一条", "text": "本规定适用于城区。"},
        {"heading": "第二条", "text": "养犬人应当办理登记。"},
    ]
    edited = put(api_staff, f"{API}/staff/consultations/{pk}", {**payload, "sections": sections})
    assert edited.status_code == 200 and len(edited.json()["sections"]) == 2
    opened = post(
        api_staff, f"{API}/staff/consultations/{pk}/open", {"version": edited.json()["version"]}
    )
    assert opened.status_code == 200 and opened.json()["state_label"] == "征集中"
    late = put(api_staff, f"{API}/staff/consultations/{pk}", {**payload, "sections": sections})
    assert late.status_code == 409 and late.json()["message"] == "征集已发布，征集稿不能再修改"

    other = Client()
    other.force_login(fh_handler)
    assert other.get(f"{API}/staff/consultations/{pk}").status_code == 404
    out = post(other, f"{API}/staff/consultations", payload)
    assert out.status_code == 422 and "单位" in out.json()["message"]
    assert Consultation.objects.get(pk=pk).state == Consultation.OPEN


def test_staff_create_and_publish_interviews_and_surveys(api_staff, agency):
    iv = post(
        api_staff,
        f"{API}/staff/interviews",
        {
            "agency_id": agency.pk,
            "title": "食品安全监管政策解读",
            "summary": "吉首市市场监管局负责人解读校园周边食品安全监管。",
            "guests": "吉首市市场监督管理局局长（演示）",
            "host": "主持人（演示）",
            "starts_at": f"{_day(3)}T15:00:00+08:00",
            "ends_at": f"{_day(3)}T16:00:00+08:00",
        },
    )
    assert iv.status_code == 201 and iv.json()["is_published"] is False
    pk = iv.json()["id"]
    assert Client().get(f"{API}/interviews/{pk}/live").status_code == 404
    published = post(api_staff, f"{API}/staff/interviews/{pk}/publish", {})
    assert published.json()["is_published"] is True
    assert Client().get(f"{API}/interviews/{pk}/live").status_code == 200
    live = post(api_staff, f"{API}/staff/interviews/{pk}/state", {"state": "live"})
    assert live.json()["state"] == Interview.LIVE

    s = post(
        api_staff,
        f"{API}/staff/surveys",
        {
            "agency_id": agency.pk,
            "title": "农贸市场满意度调查",
            "opens_on": _day(0),
            "closes_on": _day(14),
            "questions": [
                {"text": "您常去哪个市场", "kind": "single", "choices": ["乾州", "峒河"]},
                {"text": "最需改进", "kind": "multiple", "choices": ["卫生", "停车", "价格"]},
                {"text": "其他意见", "kind": "text", "required": False},
            ],
        },
    )
    assert s.status_code == 201 and [q["kind"] for q in s.json()["questions"]] == [
        "single",
        "multiple",
        "text",
    ]
    sid = s.json()["id"]
    assert Client().get(f"{API}/surveys/{sid}/results").status_code == 404
    assert post(api_staff, f"{API}/staff/surveys/{sid}/publish", {}).json()["is_published"]
    assert Client().get(f"{API}/surveys/{sid}/results").status_code == 200
    late = put(
        api_staff,
        f"{API}/staff/surveys/{sid}",
        {"title": "改一改", "opens_on": _day(0), "closes_on": _day(14)},
    )
    assert late.status_code == 409 and "调查已发布" in late.json()["message"]
    closed = post(api_staff, f"{API}/staff/surveys/{sid}/close", {})
    assert closed.json()["state_label"] == "已结束"
    assert Survey.objects.get(pk=sid).closed_at is not None
