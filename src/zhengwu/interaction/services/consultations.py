"""民意征集: comments on a draft, their moderation and 采纳情况."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zhengwu.core import audit, workflow
from zhengwu.core.errors import Conflict, Invalid
from zhengwu.org import permissions
from zhengwu.org.models import Agency
from zhengwu.portal import pagecache

from .. import moderation
from ..models import Consultation, ConsultationComment, ConsultationSection
from ._common import _date, _invalid_choice, _text, _today


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
    _changed(cm.consultation_id)
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
    _changed(consultation.pk)
    return consultation


# --- authoring: the 征集稿 and its articles (draft only), opening and closing ----------------

PAGE_KIND = "interaction.consultation"


def page_tag(pk) -> str:
    """The public consultation page's tag in the page cache (portal.pagecache)."""
    return pagecache.record_tag(PAGE_KIND, pk)


def _changed(consultation_id: int) -> None:
    pagecache.bump(page_tag(consultation_id))


def _fields(data: dict) -> dict:
    title = _text(data.get("title"), "标题", "title", min_len=4, max_len=120)
    summary = _text(data.get("summary"), "起草说明", "summary", min_len=0, max_len=10000)
    opens_on = _date(data.get("opens_on"), "征集开始日期", "opens_on")
    closes_on = _date(data.get("closes_on"), "征集截止日期", "closes_on")
    if closes_on < opens_on:
        raise Invalid("征集截止日期不能早于开始日期", code="bad_period", field="closes_on")
    return {"title": title, "summary": summary, "opens_on": opens_on, "closes_on": closes_on}


def create_consultation(agency: Agency, data: dict, *, by, sections=()) -> Consultation:
    """A draft (未发布): title, 起草说明 and period, with its articles if given."""
    permissions.require(
        by, "interaction.consultation_created", agency_id=agency.pk, path=agency.scope_path
    )
    fields = _fields(data)
    with transaction.atomic():
        c = Consultation.objects.create(agency=agency, state=Consultation.DRAFT, **fields)
        for k, s in enumerate(sections, 1):
            ConsultationSection.objects.create(consultation=c, order=k, **_section_fields(s))
        audit.record(
            "interaction.consultation_created",
            c,
            actor=by,
            after={
                **audit.snapshot(c, ["title", "opens_on", "closes_on"]),
                "sections": c.sections.count(),
            },
        )
    return c


def _require_edit(c: Consultation, by) -> None:
    permissions.require(
        by, "interaction.consultation_edited", agency_id=c.agency_id, path=c.scope_path
    )


def edit_consultation(c: Consultation, data: dict, *, by, version=None, sections=None):
    """Change the draft; with `sections` (a list of {heading, text}), its articles are replaced."""
    _require_edit(c, by)
    with workflow.transition(c, "interaction.consultation_edited", by=by, version=version) as ch:
        fields = _fields(data)  # after the state's check: a published one is refused first
        for name, value in fields.items():
            setattr(ch.obj, name, value)
        if sections is not None:
            ch.obj.sections.all().delete()
            for k, s in enumerate(sections, 1):
                ConsultationSection.objects.create(
                    consultation=ch.obj, order=k, **_section_fields(s)
                )
            ch.note(sections=len(sections))
    _changed(c.pk)
    return c


def _section_fields(data: dict) -> dict:
    return {
        "heading": _text(data.get("heading"), "条目名称", "heading", max_len=40),
        "text": _text(data.get("text"), "条目内容", "text", max_len=20000),
    }


def add_section(c: Consultation, data: dict, *, by, version=None) -> ConsultationSection:
    _require_edit(c, by)
    with workflow.transition(c, "interaction.consultation_edited", by=by, version=version) as ch:
        fields = _section_fields(data)
        last = ch.obj.sections.aggregate(n=Max("order"))["n"] or 0
        section = ConsultationSection.objects.create(consultation=ch.obj, order=last + 1, **fields)
        ch.note(section=fields["heading"], sections=last + 1)
    return section


def edit_section(section: ConsultationSection, data: dict, *, by, version=None):
    c = section.consultation
    _require_edit(c, by)
    with workflow.transition(c, "interaction.consultation_edited", by=by, version=version) as ch:
        fields = _section_fields(data)
        s = ConsultationSection.objects.select_for_update().get(pk=section.pk)
        s.heading, s.text = fields["heading"], fields["text"]
        s.save(update_fields=["heading", "text"])
        ch.note(section=s.heading)
    return section


def move_section(section: ConsultationSection, *, up: bool, by, version=None):
    """One place up or down (the first stays first, the last stays last)."""
    c = section.consultation
    _require_edit(c, by)
    with workflow.transition(c, "interaction.consultation_edited", by=by, version=version) as ch:
        rows = list(ch.obj.sections.select_for_update().order_by("order"))
        i = next((k for k, s in enumerate(rows) if s.pk == section.pk), None)
        if i is None:
            raise Invalid("条目不属于该征集", code="bad_section", field="section")
        j = i - 1 if up else i + 1
        if 0 <= j < len(rows):
            a, b = rows[i], rows[j]
            a_order, b_order = a.order, b.order
            a.order = 0  # out of the way of the unique (征集, 顺序)
            a.save(update_fields=["order"])
            b.order = a_order
            b.save(update_fields=["order"])
            a.order = b_order
            a.save(update_fields=["order"])
            ch.note(section=a.heading, order=j + 1)
    return section


def remove_section(section: ConsultationSection, *, by, version=None) -> None:
    c = section.consultation
    _require_edit(c, by)
    with workflow.transition(c, "interaction.consultation_edited", by=by, version=version) as ch:
        s = ch.obj.sections.select_for_update().filter(pk=section.pk).first()
        if s is None:
            raise Invalid("条目不属于该征集", code="bad_section", field="section")
        heading, order = s.heading, s.order
        s.delete()
        for later in ch.obj.sections.filter(order__gt=order).order_by("order"):
            later.order -= 1
            later.save(update_fields=["order"])
        ch.note(removed=heading, sections=ch.obj.sections.count())


def open_consultation(c: Consultation, *, by, version=None) -> Consultation:
    """未发布 → 征集中: the draft goes before the public, its period as set."""
    permissions.require(
        by, "interaction.consultation_opened", agency_id=c.agency_id, path=c.scope_path
    )
    with workflow.transition(c, "interaction.consultation_opened", by=by, version=version) as ch:
        x = ch.obj
        if not x.sections.exists():
            raise Conflict("征集稿还没有条目，不能发布征集", code="no_sections")
        if x.closes_on < x.opens_on:
            raise Conflict("征集截止日期早于开始日期，请先修改征集期", code="bad_period")
        if x.closes_on < _today():
            raise Conflict("征集截止日期已过，请先修改征集期", code="period_past")
        ch.note(sections=x.sections.count())
    _changed(c.pk)
    return c


def close_expired_consultations(*, today=None) -> int:
    """征集中 → 已截止 for every consultation whose period ended before `today` (the platform's
    daily task): lists, pages and the API then read 已截止 without waiting for staff."""
    today = today or _today()
    closed = 0
    for c in Consultation.objects.filter(state=Consultation.OPEN, closes_on__lt=today):
        with workflow.transition(c, "interaction.consultation_expired", by=None):
            pass
        _changed(c.pk)
        closed += 1
    return closed


def close_consultation(c: Consultation, *, by, version=None) -> Consultation:
    """征集中 → 已截止 (ahead of the planned day: the period ends today)."""
    permissions.require(
        by, "interaction.consultation_closed", agency_id=c.agency_id, path=c.scope_path
    )
    with workflow.transition(c, "interaction.consultation_closed", by=by, version=version) as ch:
        if ch.obj.closes_on > _today():
            ch.obj.closes_on = max(_today(), ch.obj.opens_on)
    _changed(c.pk)
    return c
