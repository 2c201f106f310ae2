"""在线访谈: preview → live (from the cache, updated in place) → transcript with images."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from zhengwu.core.errors import Conflict, NotAllowed
from zhengwu.interaction import queries, services
from zhengwu.interaction.models import Interview, InterviewQuestion

from .conftest import solve


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 10, 10)).save(out, "PNG")
    return out.getvalue()


def test_interview_runs_from_preview_to_transcript(interview, handler, as_user, citizen):
    preview = Client().get(f"/hdjl/interviews/{interview.pk}/").content.decode()
    assert "预告" in preview and "网友提问征集" in preview
    asker = as_user(citizen.username)
    asked = asker.post(
        f"/hdjl/interviews/{interview.pk}/",
        {"name": "吉首市民", "text": "校园周边小卖部食品安全怎么监管？"},
    )
    assert asked.status_code == 200 and "问题已提交" in asked.content.decode()
    q = InterviewQuestion.objects.get(interview=interview)
    assert q.state == InterviewQuestion.PENDING
    assert "小卖部" not in Client().get(f"/hdjl/interviews/{interview.pk}/live/").content.decode()

    host = Client()
    host.force_login(handler)
    url = f"/workbench/interaction/interviews/{interview.pk}/"
    assert host.post(url, {"action": "approve", "question": q.pk}).status_code == 302
    assert "小卖部" in Client().get(f"/hdjl/interviews/{interview.pk}/live/").content.decode()
    early = host.post(url, {"action": "post", "speaker": "向红", "text": "欢迎各位网友。"})
    assert early.status_code == 409 and "不在直播中" in early.content.decode()
    host.post(url, {"action": "state", "state": "live"})
    live_page = Client().get(f"/hdjl/interviews/{interview.pk}/").content.decode()
    assert 'hx-get="/hdjl/interviews/' in live_page and "htmx-2.0.11.min.js" in live_page
    assert 'http-equiv="refresh"' in live_page  # without JavaScript: plain reload
    assert "我要提问" in live_page and "captcha" not in live_page  # readers get no session
    host.post(
        url,
        {
            "action": "post",
            "question": q.pk,
            "speaker": "向红",
            "text": "我们对校园周边食品经营者实行全覆盖检查，每学期不少于两次。",
        },
    )
    fragment = Client().get(f"/hdjl/interviews/{interview.pk}/live/").content.decode()
    assert "全覆盖检查" in fragment and "吉首市民" in fragment
    upload = SimpleUploadedFile("scene.png", png_bytes(), content_type="image/png")
    assert (
        host.post(url, {"action": "image", "image": upload, "caption": "访谈现场"}).status_code
        == 302
    )
    host.post(url, {"action": "state", "state": "finished"})
    transcript = Client().get(f"/hdjl/interviews/{interview.pk}/").content.decode()
    assert "访谈实录" in transcript and "全覆盖检查" in transcript and "访谈现场" in transcript
    image_id = interview.images.get().pk
    image = Client().get(f"/hdjl/interviews/{interview.pk}/images/{image_id}/")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    archive = Client().get("/hdjl/interviews/").content.decode()
    assert "往期回顾" in archive and interview.title in archive
    with pytest.raises(Conflict):
        services.ask_question(interview, name="网友", text="结束后还能提问吗？")


def test_live_state_is_served_from_cache_without_queries(
    interview, handler, django_assert_num_queries
):
    services.set_interview_state(interview, state=Interview.LIVE, by=handler)
    client = Client()
    url = f"/api/v1/interaction/interviews/{interview.pk}/live"
    assert client.get(url).json()["state"] == "live"  # warms the cache
    client.get(f"/hdjl/interviews/{interview.pk}/live/")
    with django_assert_num_queries(0):
        state = client.get(url).json()
        fragment = client.get(f"/hdjl/interviews/{interview.pk}/live/")
        assert queries.live_state(interview.pk)["title"] == interview.title
    assert state["posts"] == [] and fragment.status_code == 200
    # Every change invalidates: the next reader sees the new post.
    services.post(interview, speaker="石敏", text="各位网友，访谈现在开始。", by=handler)
    assert client.get(url).json()["posts"][0]["text"] == "各位网友，访谈现在开始。"
    assert "访谈现在开始" in client.get(f"/hdjl/interviews/{interview.pk}/live/").content.decode()


def test_anonymous_question_needs_captcha_and_is_moderated(interview, words):
    client = Client()
    client.get(f"/hdjl/interviews/{interview.pk}/?ask=1")
    bad = client.post(
        f"/hdjl/interviews/{interview.pk}/",
        {"name": "网友", "text": "请问怎么举报？", "captcha_token": "x", "captcha": "y"},
    )
    assert bad.status_code == 422 and "验证码" in bad.content.decode()
    ok = client.post(
        f"/hdjl/interviews/{interview.pk}/",
        {"name": "网友", "text": "有人代开发票怎么举报？电话13907430001", **solve(client)},
    )
    assert ok.status_code == 200
    q = InterviewQuestion.objects.get(interview=interview)
    assert q.held_words == ["代开发票"] and "139****0001" in q.public_text


def test_held_question_cannot_be_approved(interview, handler, words):
    q = services.ask_question(interview, name="网友", text="哪里可以代开发票？")
    host = Client()
    host.force_login(handler)
    r = host.post(
        f"/workbench/interaction/interviews/{interview.pk}/",
        {"action": "approve", "question": q.pk},
    )
    assert r.status_code == 422 and "敏感词" in r.content.decode()


def test_upload_refuses_what_is_not_an_image(interview, handler):
    host = Client()
    host.force_login(handler)
    fake = SimpleUploadedFile("x.png", b"<script>alert(1)</script>", content_type="image/png")
    r = host.post(
        f"/workbench/interaction/interviews/{interview.pk}/", {"action": "image", "image": fake}
    )
    assert r.status_code == 422 and "只能上传PNG、JPEG或GIF图片" in r.content.decode()
    assert not interview.images.exists()


def test_interview_control_is_scoped(interview, fh_handler, as_user):
    other = Client()
    other.force_login(fh_handler)
    assert other.get(f"/workbench/interaction/interviews/{interview.pk}/").status_code == 404
    assert (
        as_user("fh-supervisor")
        .get(f"/workbench/interaction/interviews/{interview.pk}/")
        .status_code
        == 404
    )
    with pytest.raises(NotAllowed):
        services.set_interview_state(interview, state=Interview.LIVE, by=fh_handler)
    assert Client().get("/api/v1/interaction/interviews/999999/live").status_code == 404
    assert Client().get("/hdjl/interviews/999999/").status_code == 404


def test_api_question_for_an_account(interview, as_user, citizen):
    r = as_user(citizen.username).post(
        f"/api/v1/interaction/interviews/{interview.pk}/questions",
        {"name": "市民", "text": "农贸市场的公平秤在哪里？"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["state"] == "pending"


def test_workbench_forms_with_garbage_ids_answer_404(interview, handler, letter):
    host = Client()
    host.force_login(handler)
    url = f"/workbench/interaction/interviews/{interview.pk}/"
    assert host.post(url, {"action": "approve", "question": "abc"}).status_code == 404
    bad = host.post(
        f"/workbench/interaction/messages/{letter.pk}/",
        {"action": "decide_extension", "extension": "x"},
    )
    assert bad.status_code == 404
    unknown = host.post(f"/workbench/interaction/messages/{letter.pk}/", {"action": "explode"})
    assert unknown.status_code == 422 and "未知的操作" in unknown.content.decode()
