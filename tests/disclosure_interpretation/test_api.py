"""Through the API: /api/v1/disclosure/interpretations, /concerns and /press-conferences —
public reads, staff actions in scope, errors as JSON with a stable code and Chinese message."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from zhengwu.disclosure.interpretation.services import interpretations

from .test_pages import png

pytestmark = pytest.mark.django_db

BASE = "/api/v1/disclosure"


def staff(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_an_interpretation_is_drafted_and_published_through_the_api(policy_doc, officer):
    client = staff(officer)
    awaiting = client.get(f"{BASE}/interpretations/staff/awaiting").json()
    mine = [a for a in awaiting if a["document"] == policy_doc.pk]
    assert mine and mine[0]["due_on"] == "2025-10-11" and mine[0]["overdue"]
    r = client.post(
        f"{BASE}/interpretations/staff/items",
        {
            "document": policy_doc.pk,
            "title": "停车管理办法问答",
            "form": "qa",
            "qa": [{"q": "哪些路段收费？", "a": "主干道两侧临时泊位。"}],
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    item = r.json()
    assert item["status"] == "draft" and item["document_url"] == f"/xxgk/doc/{policy_doc.pk}/"
    r = client.post(f"{BASE}/interpretations/staff/items/{item['id']}/submit")
    assert r.json()["status"] == "review"
    r = client.post(f"{BASE}/interpretations/staff/items/{item['id']}/publish")
    assert r.json()["status"] == "published" and r.json()["due_on"] == "2025-10-11"
    assert r.json()["published_late"] is True
    public = Client().get(f"{BASE}/interpretations?document={policy_doc.pk}").json()
    assert [i["title"] for i in public["results"]] == ["停车管理办法问答"]
    one = Client().get(f"{BASE}/interpretations/{item['id']}").json()
    assert one["qa"] == [{"q": "哪些路段收费？", "a": "主干道两侧临时泊位。"}]


def test_api_errors_are_json_in_chinese(policy_doc, officer, outsider, interpretation):
    client = staff(officer)
    r = client.post(
        f"{BASE}/interpretations/staff/items",
        {"document": policy_doc.pk, "title": "x", "video_url": "ftp://x"},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "video_url_invalid"
    assert "视频地址" in r.json()["message"]
    r = staff(outsider).get(f"{BASE}/interpretations/staff/items/{interpretation.pk}")
    assert r.status_code == 404 and r.json()["code"] == "interpretation_not_found"
    assert Client().get(f"{BASE}/interpretations/{interpretation.pk}").status_code == 404
    assert Client().get(f"{BASE}/interpretations/staff/items").status_code == 401
    r = client.post(f"{BASE}/interpretations/staff/items/{interpretation.pk}/submit?version=99")
    assert r.status_code == 409


def test_a_concern_is_answered_through_the_api(officer, jishou_gov):
    client = staff(officer)
    occurred = timezone.localtime() - dt.timedelta(hours=3)
    r = client.post(
        f"{BASE}/concerns/staff/items",
        {
            "agency": jishou_gov.usci,
            "title": "自来水浑浊",
            "concern": "多个小区反映自来水浑浊。",
            "kind": "authoritative",
            "occurred_at": occurred.strftime("%Y-%m-%d %H:%M"),
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    c = r.json()
    assert c["due_at"].endswith("+08:00")  # 北京时间
    due = dt.datetime.fromisoformat(c["due_at"])
    assert due - dt.datetime.fromisoformat(c["occurred_at"]) == dt.timedelta(hours=5)
    r = client.post(
        f"{BASE}/concerns/staff/items/{c['id']}/respond", {}, content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["code"] == "response_required"
    r = client.post(
        f"{BASE}/concerns/staff/items/{c['id']}/respond",
        {"response": "系管网冲洗所致，已恢复正常。"},
        content_type="application/json",
    )
    assert r.json()["status"] == "published" and r.json()["responded_late"] is False
    public = Client().get(f"{BASE}/concerns?jurisdiction=433101").json()
    assert "自来水浑浊" in [x["title"] for x in public["results"]]


def test_a_press_conference_runs_through_the_api(officer, jishou_gov):
    client = staff(officer)
    r = client.post(
        f"{BASE}/press-conferences/staff/items",
        {
            "agency": jishou_gov.usci,
            "topic": "吉首市防汛工作新闻发布会",
            "starts_at": (timezone.localtime() + dt.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
            "notice": "介绍防汛工作。",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    items = f"{BASE}/press-conferences/staff/items/{pk}"
    r = client.post(
        f"{items}/speakers",
        {"name": "演示发言人", "post": "市应急管理局负责同志", "is_principal": False},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["speakers"][0]["post"] == "市应急管理局负责同志"
    assert client.post(f"{items}/announce").json()["state"] == "preview"
    assert client.post(f"{items}/start").json()["state"] == "live"
    r = client.post(
        f"{items}/posts",
        {"speaker": "演示发言人", "text": "全市已转移群众1200人。"},
        content_type="application/json",
    )
    assert r.status_code == 201
    public = Client().get(f"{BASE}/press-conferences/{pk}").json()
    assert public["posts"][0]["text"] == "全市已转移群众1200人。"
    assert client.post(f"{items}/finish").json()["state"] == "finished"
    r = client.patch(items, {"release": "防汛发布稿。"}, content_type="application/json")
    assert r.json()["release"] == "防汛发布稿。"
    counts = Client().get(f"{BASE}/press-conferences/counts?jurisdiction=433101").json()
    row = next(x for x in counts if x["agency_usci"] == jishou_gov.usci)
    assert row["held"] >= 1 and row["wanted"] == 4
    bad = Client().get(f"{BASE}/press-conferences/counts?year=100000")
    assert bad.status_code == 422 and bad.json()["message"] == "年份应为2000至2099之间的四位数字"
    r = client.post(
        f"{items}/posts", {"speaker": "甲", "text": "乙"}, content_type="application/json"
    )
    assert r.status_code == 409


def test_submitting_a_document_reminds_only_when_no_interpretation_is_drafted(
    policy_draft, officer
):
    client = staff(officer)
    notice = policy_draft(title="关于2026年春节放假的通知", genre="通知公告")
    r = client.post(f"{BASE}/staff/documents/{notice.pk}/submit")
    assert r.status_code == 200 and r.json()["reminders"] == []
    drafted = policy_draft()
    client.post(
        f"{BASE}/interpretations/staff/items",
        {"document": drafted.pk, "title": "停车管理办法解读", "body": "一、制定背景"},
        content_type="application/json",
    )
    r = client.post(f"{BASE}/staff/documents/{drafted.pk}/submit")
    assert r.status_code == 200 and r.json()["reminders"] == []
    bare = policy_draft(title="湘西州农村集体经济组织财务管理办法", genre="规章")
    r = client.post(f"{BASE}/staff/documents/{bare.pk}/submit")
    assert r.json()["status"] == "review"
    assert r.json()["reminders"] == [
        "本文件为规章，应同步起草政策解读（三同步：解读与文件同步起草、同步审签、同步发布）。"
        "文件已提交审核，但尚未起草解读。"
    ]


def test_a_response_published_through_the_api_keeps_the_corrections(officer, concern):
    c = concern()
    r = staff(officer).post(
        f"{BASE}/concerns/staff/items/{c.pk}/respond",
        {
            "version": c.version,
            "response": "已责令施工单位22时后停止高噪声作业。",
            "title": "峒河沿岸夜间施工噪声扰民",
            "kind": "press",
        },
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    got = r.json()
    assert got["status"] == "published" and got["title"] == "峒河沿岸夜间施工噪声扰民"
    due = dt.datetime.fromisoformat(got["due_at"])
    assert got["kind"] == "press"
    assert due - dt.datetime.fromisoformat(got["occurred_at"]) == dt.timedelta(hours=24)
    r = staff(officer).post(
        f"{BASE}/concerns/staff/items/{concern().pk}/respond",
        {"response": "答复。", "kind": "unknown"},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "kind_invalid"


def test_the_image_of_a_draft_is_removed_through_the_api(
    policy_doc, officer, outsider, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    item = interpretations.create(
        policy_doc,
        {"title": "一图读懂停车管理办法", "form": "graphic", "body": "一、制定背景"},
        by=officer,
        image=png(),
    )
    url = f"{BASE}/interpretations/staff/items/{item.pk}/image"
    assert staff(outsider).delete(url).status_code == 404
    assert staff(officer).delete(f"{url}?version=99").status_code == 409
    r = staff(officer).delete(f"{url}?version={item.version}")
    assert r.status_code == 200 and r.json()["image_url"] == ""
    assert r.json()["version"] == item.version + 1
    r = staff(officer).delete(url)
    assert r.status_code == 409 and r.json()["code"] == "no_image"
    assert "没有上传图解" in r.json()["message"]
    interpretations.submit(item, by=officer)
    r = staff(officer).delete(url)
    assert r.status_code == 409 and "只有草稿可以删除图解" in r.json()["message"]
    assert r.json()["code"] == "wrong_state"
