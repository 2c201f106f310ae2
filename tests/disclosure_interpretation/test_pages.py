"""Through the pages: the document's workbench page shows its interpretations and warns a
policy document has none (三同步), the officer drafts (errors keep the input), submits and
publishes; the document and the interpretation link to each other; concerns and press
conferences run from the workbench to the public column; out-of-scope records are 404."""

import datetime as dt
import io
import os

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from PIL import Image

from zhengwu.core.models import AuditEvent
from zhengwu.disclosure.interpretation import queries
from zhengwu.disclosure.interpretation.models import (
    ConcernResponse,
    Interpretation,
    PressConference,
)
from zhengwu.disclosure.interpretation.services import interpretations, press
from zhengwu.org.models import User

pytestmark = pytest.mark.django_db


def staff_client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png():
    from django.core.files.uploadedfile import SimpleUploadedFile

    out = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 10, 10)).save(out, "PNG")
    return SimpleUploadedFile("图解.png", out.getvalue(), content_type="image/png")


def test_the_document_page_warns_when_a_policy_document_has_no_interpretation(
    policy_draft, officer
):
    doc = policy_draft()
    client = staff_client(officer)
    page = client.get(f"/workbench/disclosure/{doc.pk}/").content.decode()
    assert "应同步起草政策解读" in page and "提交保密审查前请起草解读" in page
    assert f"/workbench/disclosure/interpretations/new/?document={doc.pk}" in page
    # submitting is not blocked; the page still warns
    r = client.post(
        f"/workbench/disclosure/{doc.pk}/submit/", {"version": doc.version}, follow=True
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert "已提交保密审查" in page and "文件已提交审核，但尚未起草解读" in page


def test_other_genres_get_no_warning(policy_draft, officer):
    doc = policy_draft(genre="通知公告")
    page = staff_client(officer).get(f"/workbench/disclosure/{doc.pk}/").content.decode()
    assert "政策解读" in page and "应同步起草政策解读" not in page


def test_an_officer_drafts_submits_and_publishes_and_both_pages_link(
    policy_doc, officer, media, settings
):
    client = staff_client(officer)
    url = f"/workbench/disclosure/interpretations/new/?document={policy_doc.pk}"
    form = client.get(url).content.decode()
    assert "2025-10-11" in form  # 3 working days after 2025-09-30, across 国庆
    bad = client.post(
        "/workbench/disclosure/interpretations/new/",
        {"document": policy_doc.pk, "title": "", "body": "一、制定背景", "qa": "问：何时施行？"},
    )
    assert bad.status_code == 422
    page = bad.content.decode()
    assert "请填写解读标题" in page and "一、制定背景" in page and "问：何时施行？" in page
    r = client.post(
        "/workbench/disclosure/interpretations/new/",
        {
            "document": policy_doc.pk,
            "title": "一图读懂停车管理办法",
            "form": "graphic",
            "body": "一、制定背景",
            "video_url": "https://v.example.cn/tingche.mp4",
            "qa": "问：何时施行？\n答：自印发之日起。",
            "image": png(),
        },
        follow=True,
    )
    assert "解读草稿已保存" in r.content.decode()
    item = Interpretation.objects.get(title="一图读懂停车管理办法")
    for action in ("submit", "publish"):
        r = client.post(
            f"/workbench/disclosure/interpretations/{item.pk}/{action}/",
            {"version": Interpretation.objects.get(pk=item.pk).version},
            follow=True,
        )
        assert r.status_code == 200
    assert "解读已发布" in r.content.decode()
    item.refresh_from_db()
    assert item.status == "published" and item.published_late  # today is past 2025-10-11
    public = Client()
    doc_page = public.get(f"/xxgk/doc/{policy_doc.pk}/").content.decode()
    assert f"/xxgk/zcjd/{item.pk}/" in doc_page and "一图读懂停车管理办法" in doc_page
    page = public.get(f"/xxgk/zcjd/{item.pk}/").content.decode()
    assert f"/xxgk/doc/{policy_doc.pk}/" in page and "吉首市城区停车管理办法" in page
    assert "何时施行？" in page and "https://v.example.cn/tingche.mp4" in page
    assert f"/xxgk/zcjd/{item.pk}/image/" in page
    image = public.get(f"/xxgk/zcjd/{item.pk}/image/")
    assert image["Content-Type"] == "image/png"
    listing = public.get("/xxgk/zcjd/").content.decode()
    assert "一图读懂停车管理办法" in listing
    # on the county's own site too
    assert public.get(f"/site/433101/xxgk/zcjd/{item.pk}/").status_code == 200
    assert public.get(f"/site/433123/xxgk/zcjd/{item.pk}/").status_code == 404


def test_a_refused_action_says_why_in_chinese(policy_draft, officer):
    doc = policy_draft()
    i = interpretations.create(doc, {"title": "解读", "body": "正文"}, by=officer)
    interpretations.submit(i, by=officer)
    r = staff_client(officer).post(
        f"/workbench/disclosure/interpretations/{i.pk}/publish/", {"version": i.version}
    )
    assert r.status_code == 409 and "请先发布文件" in r.content.decode()


def test_the_workbench_lists_documents_awaiting_interpretation_with_their_due_date(
    policy_doc, officer
):
    client = staff_client(officer)
    page = client.get("/workbench/disclosure/interpretations/").content.decode()
    assert "吉首市城区停车管理办法" in page and "2025-10-11" in page and "逾期" in page
    overdue = client.get("/workbench/disclosure/interpretations/?status=warning").content
    assert "吉首市城区停车管理办法" in overdue.decode()
    bench = client.get("/workbench/").content.decode()
    assert "政策解读（最早应于" in bench and "/workbench/disclosure/interpretations/" in bench


def test_records_of_another_body_are_not_found(interpretation, outsider, concern, conference):
    client = staff_client(outsider)
    c, pc = concern(), conference()
    assert (
        client.get(f"/workbench/disclosure/interpretations/{interpretation.pk}/").status_code == 404
    )
    assert client.get(f"/workbench/disclosure/concerns/{c.pk}/").status_code == 404
    assert client.get(f"/workbench/disclosure/press/{pc.pk}/").status_code == 404
    # and a draft is never public
    assert Client().get(f"/xxgk/zcjd/{interpretation.pk}/").status_code == 404
    assert Client().get(f"/xxgk/xwfbh/{pc.pk}/").status_code == 404


def test_a_concern_is_registered_answered_and_published(officer, jishou_gov):
    client = staff_client(officer)
    occurred = (timezone.localtime() - dt.timedelta(hours=50)).strftime("%Y-%m-%dT%H:%M")
    bad = client.post(
        "/workbench/disclosure/concerns/new/",
        {
            "agency": jishou_gov.usci,
            "title": "乾州古城停车难",
            "concern": "节假日停车难",
            "kind": "other",
            "occurred_at": "昨天",
        },
    )
    assert bad.status_code == 422
    assert "北京时间" in bad.content.decode() and "乾州古城停车难" in bad.content.decode()
    r = client.post(
        "/workbench/disclosure/concerns/new/",
        {
            "agency": jishou_gov.usci,
            "title": "乾州古城停车难",
            "concern": "节假日停车难",
            "kind": "other",
            "occurred_at": occurred,
        },
        follow=True,
    )
    assert "已登记关切事项，应于" in r.content.decode()
    c = ConcernResponse.objects.get(title="乾州古城停车难")
    listing = client.get("/workbench/disclosure/concerns/?status=warning").content.decode()
    assert "乾州古城停车难" in listing and "已超时" in listing
    r = client.post(
        f"/workbench/disclosure/concerns/{c.pk}/",
        {
            "action": "respond",
            "version": c.version,
            "title": c.title,
            "concern": c.concern,
            "kind": c.kind,
            "occurred_at": occurred,
            "response": "节假日开放乾州小学操场临时停车。",
        },
        follow=True,
    )
    assert "回应已发布" in r.content.decode() and "超时回应" in r.content.decode()
    page = Client().get("/xxgk/hygq/").content.decode()
    assert "节假日开放乾州小学操场临时停车" in page and "超时回应" in page


def test_a_press_conference_runs_from_notice_to_transcript(officer, jishou_gov, policy_doc):
    client = staff_client(officer)
    start = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    r = client.post(
        "/workbench/disclosure/press/new/",
        {
            "agency": jishou_gov.usci,
            "topic": "吉首市城区停车管理新闻发布会",
            "starts_at": start,
            "place": "市政府新闻发布厅",
            "notice": "介绍城区停车管理办法。",
            "documents": policy_doc.index_no,
        },
        follow=True,
    )
    assert "发布会已登记" in r.content.decode()
    pc = PressConference.objects.get(topic="吉首市城区停车管理新闻发布会")
    url = f"/workbench/disclosure/press/{pc.pk}/"

    def act(action, **form):
        form["version"] = PressConference.objects.get(pk=pc.pk).version
        return client.post(url, {"action": action, **form}, follow=True)

    refused = act("announce")
    assert refused.status_code == 422 and "请先登记发布人" in refused.content.decode()
    assert (
        "发布人已登记"
        in act(
            "speaker", name="演示发言人", post="市政府新闻发言人", is_principal="on"
        ).content.decode()
    )
    assert "预告已发布" in act("announce").content.decode()
    public = Client()
    assert "吉首市城区停车管理新闻发布会" in public.get("/xxgk/xwfbh/").content.decode()
    assert "开始直播" in act("start").content.decode()
    live = f"/xxgk/xwfbh/{pc.pk}/live/"
    assert "暂无内容" in public.get(live).content.decode()
    act("post", speaker="市政府新闻发言人 演示发言人", text="办法自明年1月1日起施行。")
    assert "办法自明年1月1日起施行" in public.get(live).content.decode()
    act(
        "post",
        speaker="市政府新闻发言人 演示发言人",
        text="主干道两侧临时泊位收费。",
        question="哪些路段收费？",
        asked_by="团结报",
    )
    fragment = public.get(live).content.decode()
    assert "团结报提问：哪些路段收费？" in fragment
    page = public.get(f"/xxgk/xwfbh/{pc.pk}/").content.decode()
    assert 'hx-trigger="every 5s"' in page and "主干道两侧临时泊位收费" in page
    assert "发布会已结束，文字直播转为实录" in act("finish").content.decode()
    act(
        "edit",
        topic=pc.topic,
        starts_at=start,
        place=pc.place,
        notice=pc.notice,
        documents=policy_doc.index_no,
        release="吉首市城区停车管理办法发布稿全文。",
        transcript="本场发布会由市政府新闻办主持。",
    )
    page = public.get(f"/xxgk/xwfbh/{pc.pk}/").content.decode()
    assert "文字实录" in page and "发布稿" in page and "吉首市城区停车管理办法发布稿全文" in page
    assert f"/xxgk/doc/{policy_doc.pk}/" in page and "hx-trigger" not in page
    listing = client.get("/workbench/disclosure/press/").content.decode()
    assert "吉首市人民政府" in listing and "年各级政府召开发布会情况" in listing


def test_the_public_columns_are_in_the_disclosure_index():
    page = Client().get("/xxgk/").content.decode()
    for href in ("/xxgk/zcjd/", "/xxgk/hygq/", "/xxgk/xwfbh/"):
        assert href in page


def test_the_demo_has_interpretations_a_concern_and_two_conferences():
    assert Interpretation.objects.filter(status="published").count() >= 4
    assert ConcernResponse.objects.filter(status="published").exists()
    assert PressConference.objects.filter(state="finished").exists()
    assert PressConference.objects.filter(state="preview").exists()
    page = Client().get("/xxgk/xwfbh/").content.decode()
    assert "湘西州2026年城乡低保标准调整新闻发布会" in page


def test_search_sees_published_interpretations_and_conferences(interpretation, officer):
    from zhengwu.core import searchable

    interpretations.submit(interpretation, by=officer)
    interpretations.publish(interpretation, by=officer, on=dt.date(2025, 10, 10))
    keys = {d.key for d in searchable.all_docs("interpretation")}
    assert str(interpretation.pk) in keys
    assert any(d.column == "新闻发布会" for d in searchable.all_docs("press_conference"))


def test_press_posts_need_a_live_conference(conference, officer):
    from zhengwu.core.errors import Conflict

    pc = conference()
    with pytest.raises(Conflict):
        press.post(pc, speaker="发言人", text_="内容", by=officer)


def test_publishing_a_response_saves_the_corrections_typed_with_it(officer, concern):
    """发布回应 with the concern corrected in the same submit: nothing typed is lost, the due
    time moves with the kind (5 hours for 权威信息) and one audit event carries it all."""
    c = concern(occurred_at=timezone.now() - dt.timedelta(hours=6))  # 其他政务舆情: 48 hours
    client = staff_client(officer)
    occurred = timezone.localtime(c.occurred_at).strftime("%Y-%m-%dT%H:%M")
    form = {
        "action": "respond",
        "version": c.version,
        "title": "峒河沿岸夜间施工噪声扰民",
        "concern": "网民反映峒河沿岸工地22时后仍在施工。",
        "kind": "authoritative",
        "occurred_at": occurred,
        "response": "",
    }
    # refused (no answer): the page comes back with everything typed, and nothing is saved
    bad = client.post(f"/workbench/disclosure/concerns/{c.pk}/", form)
    assert bad.status_code == 422
    page = bad.content.decode()
    assert "请填写回应内容" in page and "峒河沿岸夜间施工噪声扰民" in page
    assert "工地22时后仍在施工" in page
    c.refresh_from_db()
    assert c.title == "峒河沿岸夜间施工噪声" and c.status == ConcernResponse.OPEN
    r = client.post(
        f"/workbench/disclosure/concerns/{c.pk}/",
        form | {"response": "已责令施工单位22时后停止高噪声作业。"},
        follow=True,
    )
    assert "回应已发布" in r.content.decode() and "超时回应" in r.content.decode()
    c.refresh_from_db()
    assert c.status == ConcernResponse.PUBLISHED
    assert c.title == "峒河沿岸夜间施工噪声扰民" and "22时后仍在施工" in c.concern
    assert c.kind == "authoritative" and c.due_at == c.occurred_at + dt.timedelta(hours=5)
    assert c.responded_late  # answered 6 hours after: late against the corrected 5 hours
    event = AuditEvent.objects.get(
        object_type="disclosure_interpretation.concernresponse",
        object_id=str(c.pk),
        action="disclosure_interpretation.concern_respond",
    )
    assert event.before["title"] == "峒河沿岸夜间施工噪声" and event.before["kind"] == "other"
    assert (
        event.after["title"] == "峒河沿岸夜间施工噪声扰民" and event.after["status"] == "published"
    )


def test_the_document_page_and_the_api_remind_in_the_same_words(policy_draft, officer):
    doc = policy_draft()
    client = staff_client(officer)
    r = client.post(f"/api/v1/disclosure/staff/documents/{doc.pk}/submit")
    assert r.status_code == 200 and r.json()["status"] == "review"  # not blocked
    [words] = r.json()["reminders"]
    assert "应同步起草政策解读" in words and "文件已提交审核，但尚未起草解读" in words
    doc.refresh_from_db()
    assert words == queries.reminders(doc)[0]
    page = client.get(f"/workbench/disclosure/{doc.pk}/").content.decode()
    assert escape(words) in page


def test_a_draft_loses_its_image_and_a_submitted_one_keeps_it(
    policy_doc, officer, media, django_capture_on_commit_callbacks
):
    item = interpretations.create(
        policy_doc, {"title": "一图读懂停车管理办法", "form": "graphic"}, by=officer, image=png()
    )
    stored = item.image.path
    client = staff_client(officer)
    url = f"/workbench/disclosure/interpretations/{item.pk}/"
    page = client.get(url).content.decode()
    assert "已上传图解" in page and f"{url}remove_image/" in page
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"{url}remove_image/", {"version": item.version}, follow=True)
    assert "图解已删除" in r.content.decode()
    item.refresh_from_db()
    assert not item.image and not os.path.exists(stored)
    event = AuditEvent.objects.get(
        object_id=str(item.pk), action="disclosure_interpretation.remove_image"
    )
    assert event.before["image"].endswith(".png") and event.after["image"] == ""
    assert event.actor == officer
    # once submitted the picture is what the reviewer sees: refused, in words
    with_image = interpretations.create(
        policy_doc, {"title": "停车管理办法图解", "form": "graphic"}, by=officer, image=png()
    )
    interpretations.submit(with_image, by=officer)
    page = client.get(f"/workbench/disclosure/interpretations/{with_image.pk}/").content.decode()
    assert "删除图解" not in page
    r = client.post(
        f"/workbench/disclosure/interpretations/{with_image.pk}/remove_image/",
        {"version": Interpretation.objects.get(pk=with_image.pk).version},
    )
    assert r.status_code == 409 and "只有草稿可以删除图解" in r.content.decode()
    assert Interpretation.objects.get(pk=with_image.pk).image
