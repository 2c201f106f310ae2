"""民意征集: comments on a draft, their moderation and 采纳情况."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zhengwu.core import audit, workflow
from zhengwu.core.errors import Conflict, Invalid
from zhengwu.org import permissions

from .. import moderation
from ..models import Consultation, ConsultationComment
from ._common import _invalid_choice, _text, _today


@transaction.atomic
def comment(
    consultation: Consultation, *, text: str, name: str = "", section=None, by=None
) -> ConsultationComment:
    if not consultation.is_open_on(_today()):
        raise Conflict("该征集不在意见征集期内", code="consultation_closed")
    if section is not None and section.consultation_id != consultation.pk:
        raise Invalid("条目不属于该征集", code="bad_section", field="section")
    account = by if getattr(by, "is_authenticated", False) else None
    name = _text(name or (account.real_name if account else ""), "署名", "name", max_len=30)
    text = _text(text, "意见", "text", min_len=5, max_len=3000)
    screened = moderation.screen(text)
    c = ConsultationComment.objects.create(
        consultation=consultation,
        section=section,
        author=account,
        author_name=name,
        text=text,
        public_text=screened.text,
        held_words=screened.held,
    )
    audit.record("interaction.comment_submitted", c, actor=account)
    return c


def moderate_comment(
    cm: ConsultationComment, *, publish_it: bool, reason: str = "", by, version=None
) -> ConsultationComment:
    permissions.require(
        by,
        "interaction.comment_moderated",
        agency_id=cm.consultation.agency_id,
        path=cm.consultation.scope_path,
    )
    if not publish_it:
        reason = _text(reason, "屏蔽理由", "reason", min_len=2, max_len=200)
    with workflow.transition(cm, "interaction.comment_moderated", by=by, version=version) as c:
        x = c.obj
        if publish_it:
            screened = moderation.screen(x.public_text or x.text)
            if screened.held:
                raise Invalid(
                    f"意见含敏感词：{'、'.join(screened.held)}，不能公开", code="held_words"
                )
            x.state, x.public_text, x.hidden_reason = (
                ConsultationComment.PUBLISHED,
                screened.text,
                "",
            )
        else:
            x.state, x.hidden_reason = ConsultationComment.HIDDEN, reason
        c.note(state=x.state, reason=x.hidden_reason)
    return cm


def set_adoption(
    cm: ConsultationComment, *, adoption: str, reason: str = "", by, version=None
) -> ConsultationComment:
    """采纳情况 of one comment; a comment not (fully) adopted needs the reason why."""
    permissions.require(
        by,
        "interaction.comment_adoption",
        agency_id=cm.consultation.agency_id,
        path=cm.consultation.scope_path,
    )
    _invalid_choice(adoption, ConsultationComment.ADOPTION[1:], "采纳情况", "adoption")
    reason = (reason or "").strip()
    if adoption != ConsultationComment.ADOPTED and len(reason) < 2:
        raise Invalid("未采纳或部分采纳的意见须说明理由", code="reason_required", field="reason")
    with workflow.transition(cm, "interaction.comment_adoption", by=by, version=version) as c:
        x = c.obj
        x.adoption, x.adoption_reason = adoption, reason[:300]
        c.note(adoption=adoption)
    return cm


def publish_feedback(consultation: Consultation, *, text: str, by, version=None) -> Consultation:
    """After the period: the overall 采纳情况 statement; every published comment must be answered."""
    permissions.require(
        by,
        "interaction.feedback_published",
        agency_id=consultation.agency_id,
        path=consultation.scope_path,
    )
    text = _text(text, "采纳情况说明", "text", min_len=10, max_len=10000)
    with workflow.transition(
        consultation, "interaction.feedback_published", by=by, version=version
    ) as c:
        x = c.obj
        if x.closes_on >= _today() and x.state == Consultation.OPEN:
            raise Conflict("征集期结束后才能发布反馈", code="still_open")
        undecided = x.comments.filter(state=ConsultationComment.PUBLISHED, adoption="").count()
        if undecided:
            raise Conflict(f"还有{undecided}条公开意见未填写采纳情况", code="undecided_comments")
        x.feedback, x.feedback_published_at = text, timezone.now()
    return consultation
