"""/api/v1/interaction/staff/: staff RUN the 在线访谈 and 民意征集 they authored (api_authoring)
— what the workbench pages do, for integrations: the questions asked and their moderation, the
live lines (a guest's answer to a question, or the host's words), the transcript's introduction;
the comments on a draft and their moderation, each comment's 采纳情况 and the overall feedback.

Thin over services, like the pages: the same rules, the same audit trail. Objects out of the
caller's scope are 404 (a question or a comment of another interview or consultation too); a
stale `version` is 409; errors are JSON {code, message[, field]} in Chinese."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from zhengwu.api.auth import token_or_session
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.core.idempotency import idempotent

from . import services
from .api_authoring import (
    VERSION,
    ConsultationStaffOut,
    InterviewStaffOut,
    _consultation_out,
    _interview_out,
    _staff_consultation,
    _staff_interview,
)
from .models import ConsultationComment, InterviewQuestion

router = Router(tags=["政民互动（主持与审核）"], auth=token_or_session)

MAX_PAGE = 500


def _page(qs: QuerySet, offset: int, limit: int) -> list:
    if offset < 0 or not 1 <= limit <= MAX_PAGE:
        raise Invalid(f"分页参数无效（limit 1–{MAX_PAGE}）", code="bad_page", field="limit")
    return list(qs[offset : offset + limit])


def _pending_first(qs: QuerySet, pending: str, *order: str) -> QuerySet:
    """The ones waiting for moderation first, then the rest; each in the order they came."""
    waiting = Case(
        When(state=pending, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return qs.annotate(_waiting=waiting).order_by("_waiting", *order)


def _state_filter(qs: QuerySet, state: str, states) -> QuerySet:
    if not state:
        return qs
    if state not in dict(states):
        names = "、".join(f"{code}（{label}）" for code, label in states)
        raise Invalid(f"状态应为{names}之一", code="bad_state", field="state")
    return qs.filter(state=state)


# --- 在线访谈 ----------------------------------------------------------------------------------


class QuestionStaffOut(Schema):
    id: int
    asker_name: str
    text: str = Field(..., description="网友提交的原文")
    public_text: str = Field(..., description="公开的文本（已按敏感词规则处理）")
    held_words: list[str]
    state: str
    state_label: str
    moderation_reason: str
    asked_at: dt.datetime
    version: int


class QuestionPage(Schema):
    count: int
    pending: int
    results: list[QuestionStaffOut]


class QuestionModerationIn(Schema):
    decision: str = Field(..., description="approve 采用 / reject 不采用")
    reason: str = ""
    version: int | None = VERSION


class PostIn(Schema):
    speaker: str
    text: str
    question_id: int | None = Field(None, description="回答的问题（须为本场已采用的问题）")
    version: int | None = Field(None, description="访谈的版本号；已被他人修改时返回 409")


class PostOut(Schema):
    id: int
    speaker: str
    text: str
    question_id: int | None
    posted_at: dt.datetime


class TranscriptIn(Schema):
    intro: str = Field(..., description="实录说明（文字实录前的介绍）")
    version: int | None = VERSION


class InterviewRunOut(InterviewStaffOut):
    transcript_intro: str


def _question_out(q: InterviewQuestion) -> dict:
    return {
        "id": q.pk,
        "asker_name": q.asker_name,
        "text": q.text,
        "public_text": q.public_text,
        "held_words": list(q.held_words or []),
        "state": q.state,
        "state_label": q.get_state_display(),
        "moderation_reason": q.moderation_reason,
        "asked_at": timezone.localtime(q.asked_at),
        "version": q.version,
    }


def _question(interview, pk: int) -> InterviewQuestion:
    q = interview.questions.select_related("interview").filter(pk=pk).first()
    if q is None:
        raise NotFound("未找到该问题")
    return q


@router.get(
    "/interviews/{pk}/questions",
    response=QuestionPage,
    summary="访谈收到的问题（待审核的在前）",
)
def interview_questions(request, pk: int, state: str = "", offset: int = 0, limit: int = 200):
    iv = _staff_interview(request, pk)
    qs = _state_filter(iv.questions.all(), state, InterviewQuestion.STATES)
    rows = _page(_pending_first(qs, InterviewQuestion.PENDING, "asked_at", "id"), offset, limit)
    return {
        "count": qs.count(),
        "pending": iv.questions.filter(state=InterviewQuestion.PENDING).count(),
        "results": [_question_out(q) for q in rows],
    }


@router.post(
    "/interviews/{pk}/questions/{question_id}/moderation",
    response=QuestionStaffOut,
    summary="审核问题：采用（approve）或不采用（reject）",
)
def moderate_question(request, pk: int, question_id: int, payload: QuestionModerationIn):
    q = _question(_staff_interview(request, pk), question_id)
    if payload.decision not in ("approve", "reject"):
        raise Invalid(
            "审核结果应为 approve（采用）或 reject（不采用）",
            code="bad_decision",
            field="decision",
        )
    services.moderate_question(
        q,
        approve=payload.decision == "approve",
        reason=payload.reason,
        by=request.auth,
        version=payload.version,
    )
    return _question_out(q)


@router.post(
    "/interviews/{pk}/posts",
    response={201: PostOut},
    summary="直播发言（给出 question_id 即为对该问题的回答）",
)
@idempotent
def post_line(request, pk: int, payload: PostIn):
    iv = _staff_interview(request, pk)
    question = None
    if payload.question_id is not None:
        question = iv.questions.filter(pk=payload.question_id).first()
        if question is None:
            raise Invalid("只能回答本场已采用的问题", code="bad_question", field="question_id")
    p = services.post(
        iv,
        speaker=payload.speaker,
        text=payload.text,
        question=question,
        by=request.auth,
        version=payload.version,
    )
    return Status(
        201,
        {
            "id": p.pk,
            "speaker": p.speaker,
            "text": p.text,
            "question_id": p.question_id,
            "posted_at": timezone.localtime(p.posted_at),
        },
    )


@router.put("/interviews/{pk}/transcript", response=InterviewRunOut, summary="撰写实录说明")
def transcript_intro(request, pk: int, payload: TranscriptIn):
    iv = _staff_interview(request, pk)
    services.write_transcript_intro(
        iv, text=payload.intro, by=request.auth, version=payload.version
    )
    return {**_interview_out(iv), "transcript_intro": iv.transcript_intro}


# --- 民意征集 ----------------------------------------------------------------------------------


class CommentStaffOut(Schema):
    id: int
    section_id: int | None
    section: str = Field(..., description="所评条目；对全文的意见为“全文”")
    author_name: str
    text: str = Field(..., description="提交的原文")
    public_text: str = Field(..., description="公开的文本（已按敏感词规则处理）")
    held_words: list[str]
    state: str
    state_label: str
    hidden_reason: str
    adoption: str
    adoption_label: str
    adoption_reason: str
    submitted_at: dt.datetime
    version: int


class CommentPage(Schema):
    count: int
    pending: int
    results: list[CommentStaffOut]


class CommentModerationIn(Schema):
    decision: str = Field(..., description="publish 公开 / hide 屏蔽（须说明理由）")
    reason: str = ""
    version: int | None = VERSION


class AdoptionIn(Schema):
    adoption: str = Field(
        ...,
        description="adopted 采纳 / partly 部分采纳 / not_adopted 未采纳（也可直接写中文）",
    )
    reason: str = Field("", description="部分采纳或未采纳时须说明理由")
    version: int | None = VERSION


class FeedbackIn(Schema):
    text: str = Field(..., description="意见采纳情况说明")
    version: int | None = VERSION


class ConsultationRunOut(ConsultationStaffOut):
    feedback: str
    feedback_published_at: dt.datetime | None


# the office's own words for the 采纳情况, as the pages show them, are taken as well as the codes
ADOPTION_WORDS = {label: code for code, label in ConsultationComment.ADOPTION if code}


def _comment_out(cm: ConsultationComment) -> dict:
    return {
        "id": cm.pk,
        "section_id": cm.section_id,
        "section": cm.section.heading if cm.section_id and cm.section else "全文",
        "author_name": cm.author_name,
        "text": cm.text,
        "public_text": cm.public_text,
        "held_words": list(cm.held_words or []),
        "state": cm.state,
        "state_label": cm.get_state_display(),
        "hidden_reason": cm.hidden_reason,
        "adoption": cm.adoption,
        "adoption_label": cm.get_adoption_display() if cm.adoption else "",
        "adoption_reason": cm.adoption_reason,
        "submitted_at": timezone.localtime(cm.submitted_at),
        "version": cm.version,
    }


def _comment(consultation, pk: int) -> ConsultationComment:
    cm = consultation.comments.select_related("section", "consultation").filter(pk=pk).first()
    if cm is None:
        raise NotFound("未找到该意见")
    return cm


@router.get(
    "/consultations/{pk}/comments",
    response=CommentPage,
    summary="征集收到的意见（待审核的在前）",
)
def consultation_comments(request, pk: int, state: str = "", offset: int = 0, limit: int = 200):
    c = _staff_consultation(request, pk)
    qs = _state_filter(c.comments.select_related("section"), state, ConsultationComment.STATES)
    rows = _page(
        _pending_first(qs, ConsultationComment.PENDING, "submitted_at", "id"), offset, limit
    )
    return {
        "count": qs.count(),
        "pending": c.comments.filter(state=ConsultationComment.PENDING).count(),
        "results": [_comment_out(cm) for cm in rows],
    }


@router.post(
    "/consultations/{pk}/comments/{comment_id}/moderation",
    response=CommentStaffOut,
    summary="审核意见：公开（publish）或屏蔽（hide，须说明理由）",
)
def moderate_comment(request, pk: int, comment_id: int, payload: CommentModerationIn):
    cm = _comment(_staff_consultation(request, pk), comment_id)
    if payload.decision not in ("publish", "hide"):
        raise Invalid(
            "审核结果应为 publish（公开）或 hide（屏蔽）", code="bad_decision", field="decision"
        )
    services.moderate_comment(
        cm,
        publish_it=payload.decision == "publish",
        reason=payload.reason,
        by=request.auth,
        version=payload.version,
    )
    return _comment_out(cm)


@router.put(
    "/consultations/{pk}/comments/{comment_id}/adoption",
    response=CommentStaffOut,
    summary="登记意见的采纳情况（采纳 / 部分采纳 / 未采纳及理由）",
)
def comment_adoption(request, pk: int, comment_id: int, payload: AdoptionIn):
    cm = _comment(_staff_consultation(request, pk), comment_id)
    adoption = payload.adoption.strip()
    services.set_adoption(
        cm,
        adoption=ADOPTION_WORDS.get(adoption, adoption),
        reason=payload.reason,
        by=request.auth,
        version=payload.version,
    )
    return _comment_out(cm)


@router.post(
    "/consultations/{pk}/feedback",
    response=ConsultationRunOut,
    summary="公布意见采纳情况（征集期结束后；每条公开意见须已登记采纳情况）",
)
def publish_feedback(request, pk: int, payload: FeedbackIn):
    c = _staff_consultation(request, pk)
    services.publish_feedback(c, text=payload.text, by=request.auth, version=payload.version)
    return {
        **_consultation_out(c),
        "feedback": c.feedback,
        "feedback_published_at": c.feedback_published_at,
    }
