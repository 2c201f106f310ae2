"""/api/v1/interaction/consultations: 民意征集 for the public — the list (open and closed, never
a draft), one consultation with its articles, a comment (the page's rules: throttle, CAPTCHA
for the anonymous, moderation before it shows) and the published 采纳情况."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Router, Schema, Status

from zhengwu.api.auth import public
from zhengwu.core import captcha as challenges
from zhengwu.core import throttle
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.core.idempotency import idempotent
from zhengwu.core.middleware import client_ip
from zhengwu.org.models import Jurisdiction, User

from . import conf, queries, services
from .models import Consultation, ConsultationComment

router = Router(tags=["政民互动"], auth=public)


class ConsultationOut(Schema):
    id: int
    title: str
    agency: str
    state: str
    state_label: str
    opens_on: dt.date
    closes_on: dt.date
    is_open: bool
    comments: int


class ConsultationPage(Schema):
    count: int
    results: list[ConsultationOut]


class CommentOut(Schema):
    id: int
    section_id: int | None
    author_name: str
    text: str
    submitted_at: dt.datetime


class SectionOut(Schema):
    id: int
    order: int
    heading: str
    text: str
    comments: list[CommentOut]


class ConsultationDetail(ConsultationOut):
    summary: str
    feedback_published: bool
    sections: list[SectionOut]
    general_comments: list[CommentOut]


class CommentIn(Schema):
    section_id: int | None = None
    name: str = ""
    text: str
    captcha_token: str = ""
    captcha: str = ""


class AdoptionOut(Schema):
    id: int
    section_id: int | None
    section: str
    author_name: str
    text: str
    adoption: str
    adoption_label: str
    reason: str


class FeedbackOut(Schema):
    id: int
    title: str
    published: bool
    published_at: dt.datetime | None
    statement: str
    comments: list[AdoptionOut]


STATES = {Consultation.OPEN, Consultation.CLOSED, Consultation.FEEDBACK}


def _summary(c: Consultation, today: dt.date, counts: dict) -> dict:
    return {
        "id": c.pk,
        "title": c.title,
        "agency": c.agency.name,
        "state": c.state,
        "state_label": c.get_state_display(),
        "opens_on": c.opens_on,
        "closes_on": c.closes_on,
        "is_open": c.is_open_on(today),
        "comments": counts.get(c.pk, 0),
    }


def _published(c: Consultation):
    return c.comments.filter(state=ConsultationComment.PUBLISHED).select_related("section")


def _comment(cm: ConsultationComment) -> dict:
    return {
        "id": cm.pk,
        "section_id": cm.section_id,
        "author_name": cm.author_name,
        "text": cm.public_text,
        "submitted_at": cm.submitted_at,
    }


def _public(pk: int) -> Consultation:
    c = queries.public_consultations().filter(pk=pk).first()
    if c is None:
        raise NotFound("没有这项民意征集")
    return c


@router.get("/consultations", response=ConsultationPage, summary="民意征集列表")
def consultations(
    request, jurisdiction: str = "", state: str = "", offset: int = 0, limit: int = 20
):
    j = Jurisdiction.objects.filter(code=jurisdiction).first() if jurisdiction else None
    if jurisdiction and j is None:
        raise NotFound("区划代码不存在", code="unknown_jurisdiction", field="jurisdiction")
    if state and state not in STATES:
        raise Invalid("state 应为 open、closed 或 feedback", code="bad_state", field="state")
    if offset < 0 or not 1 <= limit <= 100:
        raise Invalid("分页参数无效（limit 1–100）", code="bad_page", field="limit")
    qs = queries.public_consultations(j).order_by("-opens_on", "-id")
    if state:
        qs = qs.filter(state=state)
    page = list(qs[offset : offset + limit])
    counts = queries.published_comment_counts([c.pk for c in page])
    today = timezone.localdate()
    return {"count": qs.count(), "results": [_summary(c, today, counts) for c in page]}


@router.get("/consultations/{pk}", response=ConsultationDetail, summary="一项民意征集及其条目")
def consultation(request, pk: int):
    c = _public(pk)
    comments = list(_published(c))
    by_section: dict[int | None, list[dict]] = {}
    for cm in comments:
        by_section.setdefault(cm.section_id, []).append(_comment(cm))
    return {
        **_summary(c, timezone.localdate(), {c.pk: len(comments)}),
        "summary": c.summary,
        "feedback_published": c.state == Consultation.FEEDBACK,
        "sections": [
            {
                "id": s.pk,
                "order": s.order,
                "heading": s.heading,
                "text": s.text,
                "comments": by_section.get(s.pk, []),
            }
            for s in c.sections.all()
        ],
        "general_comments": by_section.get(None, []),
    }


@router.post(
    "/consultations/{pk}/comments", response={201: dict}, summary="对征集稿或某一条目发表意见"
)
@idempotent
def comment(request, pk: int, payload: CommentIn):
    c = _public(pk)
    account = request.auth if isinstance(request.auth, User) else None
    throttle.check_rate(
        "comment",
        user=account,
        ip=client_ip(request),
        per_account=conf.message_rate_per_account(),
        per_ip=conf.public_post_rate_per_ip(),
    )
    if account is None:
        challenges.verify(request.session, payload.captcha_token, payload.captcha)
    section = None
    if payload.section_id is not None:
        section = c.sections.filter(pk=payload.section_id).first()
        if section is None:
            raise Invalid("条目不属于该征集", code="bad_section", field="section_id")
    cm = services.comment(c, text=payload.text, name=payload.name, section=section, by=account)
    return Status(201, {"id": cm.pk, "state": cm.state, "message": "意见已提交，审核后公开"})


@router.get("/consultations/{pk}/feedback", response=FeedbackOut, summary="意见采纳情况")
def feedback(request, pk: int):
    """The overall statement and each published comment's 采纳情况 and reason, once the office
    has published them (before that: `published` is false and nothing else is shown)."""
    c = _public(pk)
    if c.state != Consultation.FEEDBACK:
        return {
            "id": c.pk,
            "title": c.title,
            "published": False,
            "published_at": None,
            "statement": "",
            "comments": [],
        }
    return {
        "id": c.pk,
        "title": c.title,
        "published": True,
        "published_at": c.feedback_published_at,
        "statement": c.feedback,
        "comments": [
            {
                "id": cm.pk,
                "section_id": cm.section_id,
                "section": cm.section.heading if cm.section_id else "全文",
                "author_name": cm.author_name,
                "text": cm.public_text,
                "adoption": cm.adoption,
                "adoption_label": cm.get_adoption_display(),
                "reason": cm.adoption_reason,
            }
            for cm in _published(c)
        ],
    }
