"""在线访谈: questions, moderation, the live posts and the transcript."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from zhengwu.core import audit, images, workflow
from zhengwu.core.errors import Conflict, Invalid, NotFound
from zhengwu.org import permissions
from zhengwu.org.models import Agency
from zhengwu.portal import live

from .. import conf, moderation
from ..models import Interview, InterviewImage, InterviewPost, InterviewQuestion
from ._common import _invalid_choice, _moment, _text


def live_cache_key(interview_id: int) -> str:
    return f"interaction:interview:{interview_id}:live"


def live_html_cache_key(interview_id: int) -> str:
    return f"interaction:interview:{interview_id}:html"


def live_json_cache_key(interview_id: int) -> str:
    return f"interaction:interview:{interview_id}:json"


def _interview_changed(interview_id: int) -> None:
    """Every change drops the cached live state (now, and again after commit so a reader who
    rebuilt it from the old rows in between does not keep it)."""
    live.changed(
        live_cache_key(interview_id),
        live_html_cache_key(interview_id),
        live_json_cache_key(interview_id),
    )


@transaction.atomic
def ask_question(interview: Interview, *, name: str, text: str, by=None) -> InterviewQuestion:
    interview = Interview.objects.get(pk=interview.pk)
    if not interview.is_published:  # a 预告 not yet published: the public does not see it
        raise NotFound("没有这场访谈")
    if interview.state == Interview.FINISHED:
        raise Conflict("访谈已结束，不再征集问题", code="interview_finished")
    name = _text(name or getattr(by, "real_name", ""), "网友昵称", "name", max_len=30)
    text = _text(text, "问题", "text", min_len=5, max_len=1000)
    screened = moderation.screen(text)
    q = InterviewQuestion.objects.create(
        interview=interview,
        asker=by if getattr(by, "is_authenticated", False) else None,
        asker_name=name,
        text=text,
        public_text=screened.text,
        held_words=screened.held,
    )
    audit.record("interaction.question_asked", q, actor=by if q.asker_id else None)
    return q


def moderate_question(
    q: InterviewQuestion, *, approve: bool, reason: str = "", by, version=None
) -> InterviewQuestion:
    permissions.require(
        by,
        "interaction.question_moderated",
        agency_id=q.interview.agency_id,
        path=q.interview.scope_path,
    )
    with workflow.transition(q, "interaction.question_moderated", by=by, version=version) as c:
        x = c.obj
        if approve and moderation.screen(x.public_text).held:
            raise Invalid("问题含敏感词，不能采用", code="held_words")
        x.state = InterviewQuestion.APPROVED if approve else InterviewQuestion.REJECTED
        x.moderation_reason = (reason or "").strip()[:200]
    _interview_changed(q.interview_id)
    return q


def post(
    interview: Interview, *, speaker: str, text: str, question=None, by, version=None
) -> InterviewPost:
    """The host or a guest speaks; with a question, it is that question's answer."""
    permissions.require(
        by, "interaction.interview_post", agency_id=interview.agency_id, path=interview.scope_path
    )
    speaker = _text(speaker, "发言人", "speaker", max_len=50)
    text = _text(text, "发言内容", "text", max_len=5000)
    with workflow.transition(interview, "interaction.interview_post", by=by, version=version) as c:
        i = c.obj
        if question is not None:
            question = InterviewQuestion.objects.select_for_update().get(pk=question.pk)
            if question.interview_id != i.pk or question.state not in (
                InterviewQuestion.APPROVED,
                InterviewQuestion.ANSWERED,
            ):
                raise Invalid("只能回答本场已采用的问题", code="bad_question", field="question")
            question.state = InterviewQuestion.ANSWERED  # answered by this post, with it
            question.save(update_fields=["state"])
        p = InterviewPost.objects.create(
            interview=i, question=question, speaker=speaker, text=text, posted_by=by
        )
        c.note(post=p.pk, question=question.pk if question else None)
    _interview_changed(interview.pk)
    return p


def set_interview_state(interview: Interview, *, state: str, by, version=None) -> Interview:
    """预告 → 直播 → 实录, one step at a time."""
    permissions.require(
        by, "interaction.interview_state", agency_id=interview.agency_id, path=interview.scope_path
    )
    order = [Interview.PREVIEW, Interview.LIVE, Interview.FINISHED]
    _invalid_choice(state, Interview.STATES, "访谈状态", "state")
    with workflow.transition(interview, "interaction.interview_state", by=by, version=version) as c:
        i = c.obj
        if not i.is_published:
            raise Conflict("访谈预告尚未发布，请先发布预告", code="not_published")
        if order.index(state) != order.index(i.state) + 1:
            raise Conflict(f"访谈不能从“{i.get_state_display()}”变为该状态", code="bad_state")
        i.state = state
    _interview_changed(interview.pk)
    return interview


IMAGE_SIGNATURES = images.IMAGE_SIGNATURES  # the check is core's, shared with the sites' photos


def add_image(
    interview: Interview, *, upload, caption: str = "", by, version=None
) -> InterviewImage:
    """A transcript picture: PNG, JPEG or GIF by its first bytes, within the size limit."""
    permissions.require(
        by, "interaction.interview_image", agency_id=interview.agency_id, path=interview.scope_path
    )
    if upload is None:
        raise Invalid("请选择图片文件", code="image_required", field="image")
    if upload.size > conf.max_image_bytes():
        raise Invalid(
            f"图片不能超过{conf.max_image_bytes() // 1024}KB", code="image_too_large", field="image"
        )
    data = upload.read()
    ext = next((e for sig, e in IMAGE_SIGNATURES.items() if data.startswith(sig)), None)
    if ext is None:
        raise Invalid("只能上传PNG、JPEG或GIF图片", code="image_type", field="image")
    digest = hashlib.sha256(data).hexdigest()
    with workflow.transition(interview, "interaction.interview_image", by=by, version=version) as c:
        i = c.obj
        img = InterviewImage(interview=i, ext=ext, sha256=digest, caption=caption.strip()[:100])
        img.image.save(f"{digest[:16]}.{ext}", ContentFile(data), save=False)
        img.save()
        c.note(image=img.pk, sha256=digest)
    _interview_changed(interview.pk)
    return img


def write_transcript_intro(interview: Interview, *, text: str, by, version=None) -> Interview:
    permissions.require(
        by,
        "interaction.interview_transcript",
        agency_id=interview.agency_id,
        path=interview.scope_path,
    )
    with workflow.transition(
        interview, "interaction.interview_transcript", by=by, version=version
    ) as c:
        i = c.obj
        i.transcript_intro = (text or "").strip()
    _interview_changed(interview.pk)
    return interview


# --- authoring: the 预告 (a draft until published) -------------------------------------------


def _interview_fields(data: dict) -> dict:
    starts_at = _moment(data.get("starts_at"), "开始时间", "starts_at")
    ends_at = _moment(data.get("ends_at"), "结束时间", "ends_at")
    if ends_at <= starts_at:
        raise Invalid("结束时间应晚于开始时间", code="bad_times", field="ends_at")
    return {
        "title": _text(data.get("title"), "主题", "title", min_len=4, max_len=100),
        "summary": _text(data.get("summary"), "内容简介", "summary", min_len=10, max_len=5000),
        "guests": _text(data.get("guests"), "访谈嘉宾", "guests", max_len=200),
        "host": _text(data.get("host"), "主持人", "host", max_len=50),
        "starts_at": starts_at,
        "ends_at": ends_at,
    }


def create_interview(agency: Agency, data: dict, *, by) -> Interview:
    """A 预告 not yet public: the public sees it (and may ask) once it is published."""
    permissions.require(
        by, "interaction.interview_created", agency_id=agency.pk, path=agency.scope_path
    )
    fields = _interview_fields(data)
    with transaction.atomic():
        iv = Interview.objects.create(
            agency=agency, state=Interview.PREVIEW, is_published=False, **fields
        )
        audit.record(
            "interaction.interview_created",
            iv,
            actor=by,
            after=audit.snapshot(iv, ["title", "guests", "starts_at"]),
        )
    return iv


def edit_interview(interview: Interview, data: dict, *, by, version=None) -> Interview:
    """The 预告 may change until the interview goes live."""
    permissions.require(
        by, "interaction.interview_edited", agency_id=interview.agency_id, path=interview.scope_path
    )
    with workflow.transition(
        interview, "interaction.interview_edited", by=by, version=version
    ) as c:
        fields = _interview_fields(data)  # after the state's check: a live one is refused first
        for name, value in fields.items():
            setattr(c.obj, name, value)
    _interview_changed(interview.pk)
    return interview


def publish_interview(interview: Interview, *, by, version=None) -> Interview:
    """The 预告 goes on the site; from then on the public's questions are collected."""
    permissions.require(
        by,
        "interaction.interview_published",
        agency_id=interview.agency_id,
        path=interview.scope_path,
    )
    with workflow.transition(
        interview, "interaction.interview_published", by=by, version=version
    ) as c:
        if c.obj.is_published:
            raise Conflict("访谈预告已发布", code="already_published")
        c.obj.is_published = True
    _interview_changed(interview.pk)
    return interview
