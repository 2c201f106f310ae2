"""新闻发布会: registered (未发布), its 预告 published, held live with text posts that update the
public page in place (`portal.live`), then finished with its 发布稿 and 实录. An emergency's
conference is due within 24 hours of the incident (`rules.press_due`); held later, 超时召开."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zhengwu.core import audit, workflow
from zhengwu.core.errors import Invalid
from zhengwu.disclosure.models import Document
from zhengwu.org import permissions
from zhengwu.org.models import Agency
from zhengwu.portal import live

from .. import rules, search
from ..models import Interpretation, PressConference, PressPost, Speaker
from ._common import flag, moment, public_changed, text

CREATE = "disclosure_interpretation.press_create"
EDIT = "disclosure_interpretation.press_edit"
ANNOUNCE = "disclosure_interpretation.press_announce"
START = "disclosure_interpretation.press_start"
POST = "disclosure_interpretation.press_post"
FINISH = "disclosure_interpretation.press_finish"
SPEAKER = "disclosure_interpretation.press_speaker"
SNAPSHOT = ["topic", "notice", "starts_at", "place", "emergency", "incident_at", "due_at"]


def live_cache_key(pk: int) -> str:
    return f"disclosure_interpretation:press:{pk}:live"


def _changed(pc: PressConference) -> None:
    live.changed(live_cache_key(pc.pk))
    if pc.state != PressConference.DRAFT:
        search.press_changed(pc)
        public_changed()


def clean(data: dict, *, partial: bool = False) -> dict:
    out: dict = {}
    if not partial or "topic" in data:
        out["topic"] = text(data, "topic", "发布会主题", limit=200)
    for name, label, limit in [
        ("notice", "发布会预告", 5000),
        ("place", "地点", 200),
        ("release", "发布稿", 50_000),
        ("transcript", "文字实录", 200_000),
    ]:
        if not partial or name in data:
            out[name] = text(data, name, label, limit=limit, required=False)
    if not partial or "starts_at" in data:
        out["starts_at"] = moment(data.get("starts_at"), "starts_at", "召开时间")
    if not partial or "emergency" in data:
        out["emergency"] = flag(data.get("emergency"))
    if not partial or "incident_at" in data:
        out["incident_at"] = moment(
            data.get("incident_at"), "incident_at", "事件发生时间", required=False
        )
    return out


def _links(agency: Agency, data: dict) -> tuple[list[Document] | None, list | None]:
    """The policy documents and interpretations named by id, published ones only."""
    docs = interps = None
    if data.get("documents") is not None:
        ids = _ids(data["documents"], "documents")
        docs = list(Document.objects.filter(pk__in=ids, status=Document.PUBLISHED))
        if len(docs) != len(set(ids)):
            raise Invalid(
                "相关政策文件须为已发布的文件", code="documents_invalid", field="documents"
            )
    if data.get("interpretations") is not None:
        ids = _ids(data["interpretations"], "interpretations")
        interps = list(Interpretation.objects.filter(pk__in=ids, status=Interpretation.PUBLISHED))
        if len(interps) != len(set(ids)):
            raise Invalid(
                "相关政策解读须为已发布的解读",
                code="interpretations_invalid",
                field="interpretations",
            )
    return docs, interps


def _ids(value, field: str) -> list[int]:
    if isinstance(value, str):
        value = [v for v in value.replace("，", ",").replace(" ", ",").split(",") if v]
    try:
        ids = [int(v) for v in value]
    except (TypeError, ValueError):
        raise Invalid("请填写编号，用逗号分隔", code=f"{field}_invalid", field=field) from None
    if any(not 0 < i < 2**63 for i in ids):
        raise Invalid("编号不正确", code=f"{field}_invalid", field=field)
    return ids


def _check_emergency(pc: PressConference) -> None:
    if pc.emergency and pc.incident_at is None:
        raise Invalid(
            "重大突发事件发布会须填写事件发生时间（24小时内召开）",
            code="incident_at_required",
            field="incident_at",
        )
    if pc.emergency and pc.incident_at and pc.incident_at > timezone.now():
        raise Invalid("事件发生时间不能晚于现在", code="incident_in_future", field="incident_at")
    pc.due_at = rules.press_due(pc.incident_at) if pc.emergency and pc.incident_at else None


def create(agency: Agency, data: dict, *, by) -> PressConference:
    permissions.require(by, CREATE, agency_id=agency.pk, path=agency.scope_path)
    fields = clean(data)
    docs, interps = _links(agency, data)
    with transaction.atomic():
        pc = PressConference(
            agency=agency,
            scope_path=agency.scope_path,
            created_by=by if getattr(by, "pk", None) else None,
            **fields,
        )
        _check_emergency(pc)
        pc.save()
        if docs is not None:
            pc.documents.set(docs)
        if interps is not None:
            pc.interpretations.set(interps)
        audit.record(CREATE, pc, actor=by, after=audit.snapshot(pc, SNAPSHOT))
    return pc


def edit(pc: PressConference, data: dict, *, by, version=None) -> PressConference:
    """Change the notice, time, place, release or transcript, and the linked documents."""
    permissions.require(by, EDIT, agency_id=pc.agency_id, path=pc.scope_path)
    fields = clean(data, partial=True)
    docs, interps = _links(pc.agency, data)
    with workflow.transition(pc, EDIT, by=by, version=version) as c:
        locked = c.obj
        for name, value in fields.items():
            setattr(locked, name, value)
        _check_emergency(locked)
        if docs is not None:
            locked.documents.set(docs)
        if interps is not None:
            locked.interpretations.set(interps)
        _changed(locked)
    return pc


def add_speaker(
    pc: PressConference, *, name: str, post: str, is_principal=False, by, version=None
) -> Speaker:
    permissions.require(by, SPEAKER, agency_id=pc.agency_id, path=pc.scope_path)
    data = {"name": name, "post": post}
    name = text(data, "name", "发布人姓名", limit=40)
    post = text(data, "post", "发布人职务", limit=100)
    with workflow.transition(pc, SPEAKER, by=by, version=version) as c:
        s = Speaker.objects.create(
            conference=c.obj,
            name=name,
            post=post,
            is_principal=flag(is_principal),
            order=c.obj.speakers.count(),
        )
        c.note(speaker=f"{post} {name}")
        _changed(c.obj)
    return s


def announce(pc: PressConference, *, by, version=None) -> PressConference:
    """Publish the 预告: topic, time, place, speakers."""
    permissions.require(by, ANNOUNCE, agency_id=pc.agency_id, path=pc.scope_path)
    with workflow.transition(pc, ANNOUNCE, by=by, version=version) as c:
        if not c.obj.notice.strip():
            raise Invalid("请先填写发布会预告", code="notice_required", field="notice")
        if not c.obj.speakers.exists():
            raise Invalid("请先登记发布人", code="speaker_required", field="name")
        c.obj.state = PressConference.PREVIEW  # before _changed: search indexes the notice
        _changed(c.obj)
    return pc


def start(pc: PressConference, *, by, at: dt.datetime | None = None, version=None):
    """直播: the conference is held now; an emergency's after its 24 h is 超时召开."""
    permissions.require(by, START, agency_id=pc.agency_id, path=pc.scope_path)
    at = at or timezone.now()
    with workflow.transition(pc, START, by=by, version=version) as c:
        locked = c.obj
        locked.starts_at = at
        locked.held_late = bool(locked.due_at and at > locked.due_at)
        locked.state = PressConference.LIVE
        _changed(locked)
    return pc


def post(
    pc: PressConference,
    *,
    speaker: str,
    text_: str,
    question: str = "",
    asked_by: str = "",
    by,
    version=None,
) -> PressPost:
    """One post of the live text (a statement, or a reporter's question and its answer)."""
    permissions.require(by, POST, agency_id=pc.agency_id, path=pc.scope_path)
    data = {"speaker": speaker, "text": text_, "question": question, "asked_by": asked_by}
    speaker = text(data, "speaker", "发言人", limit=60)
    body = text(data, "text", "内容", limit=10_000)
    question = text(data, "question", "记者提问", limit=2000, required=False)
    asked_by = text(data, "asked_by", "提问媒体", limit=60, required=False)
    with workflow.transition(pc, POST, by=by, version=version) as c:
        p = PressPost.objects.create(
            conference=c.obj, speaker=speaker, text=body, question=question, asked_by=asked_by
        )
        c.note(post=p.pk)
        _changed(c.obj)
    return p


def finish(pc: PressConference, *, by, version=None) -> PressConference:
    """已结束: the live text becomes the 实录; the 发布稿 and 实录 text may still be added."""
    permissions.require(by, FINISH, agency_id=pc.agency_id, path=pc.scope_path)
    with workflow.transition(pc, FINISH, by=by, version=version) as c:
        c.obj.state = PressConference.FINISHED
        _changed(c.obj)
    return pc
