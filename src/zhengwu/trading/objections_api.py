"""API of 异议/质疑 and 投诉 (/api/v1/trading/).

An enterprise (its session) files an 异议 or 质疑 on a notice and a 投诉 on a project, and lists
its own; the body's officers (token or session) list and answer the 异议/质疑 of their projects;
the 行政监督部门's officers accept, refuse and decide the complaints addressed to it. Outside a
window or a rule: 422 with the dates and the article; a stale `version`: 409; out of scope: 404
(a record) or 403 (an action)."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status

from zhengwu.api.auth import token_or_session
from zhengwu.core import masking
from zhengwu.core.errors import NotFound
from zhengwu.core.idempotency import idempotent

from . import objection_queries as oq
from . import services
from .models import Complaint, Notice, Objection, Project

router = Router(tags=["公共资源交易"])


class ObjectionIn(Schema):
    subject: str
    content: str
    contact: str = ""
    phone: str = ""


class ObjectionOut(Schema):
    id: int
    kind: str
    kind_label: str
    project_id: int
    project_name: str
    notice_id: int | None
    filer_name: str
    filer_usci: str
    contact: str
    phone: str
    subject: str
    content: str
    filed_on: dt.date
    answer_due: dt.date
    state: str
    state_label: str
    answer: str
    answered_on: dt.date | None
    late: bool
    version: int


def _objection(o: Objection, *, unmasked: bool = False) -> dict:
    return {
        "id": o.pk,
        "kind": o.kind,
        "kind_label": o.get_kind_display(),
        "project_id": o.project_id,
        "project_name": o.project.name,
        "notice_id": o.notice_id,
        "filer_name": o.filer_name,
        "filer_usci": o.filer_usci,
        "contact": o.contact if unmasked else masking.mask_name(o.contact),
        "phone": o.phone if unmasked else masking.mask_phone(o.phone),
        "subject": o.subject,
        "content": o.content,
        "filed_on": o.filed_on,
        "answer_due": services.answer_due(o),
        "state": o.state,
        "state_label": o.get_state_display(),
        "answer": o.answer,
        "answered_on": o.answered_on,
        "late": o.late,
        "version": o.version,
    }


def _notice(notice_id: int) -> Notice:
    found = (
        Notice.objects.filter(pk=notice_id, state=Notice.PUBLISHED)
        .select_related("project__jurisdiction", "project__owner")
        .first()
    )
    if found is None:
        raise NotFound("该公告不存在或已撤回")
    return found


@router.post(
    "/notices/{notice_id}/objections",
    response={201: ObjectionOut},
    auth=token_or_session,
    summary="提出异议（质疑）",
)
@idempotent
def objection_file(request, notice_id: int, payload: ObjectionIn):
    """A registered enterprise (法人账户) files an 异议 (招标投标) or 质疑 (政府采购) on a
    notice within its window: during a candidates' 公示; within 7 个工作日 after a procurement
    result's 公告期; until 10 日 before the bid deadline on a tender notice (工程) or within 7
    个工作日 of it (采购). The project is suspended as the law says until answered."""
    o = services.file_objection(_notice(notice_id), payload.dict(), request.auth)
    return Status(201, _objection(o, unmasked=True))


@router.get("/objections/mine", response=list[ObjectionOut], auth=token_or_session,
            summary="我的异议（质疑）")  # fmt: skip
def objection_mine(request):
    return [_objection(o, unmasked=True) for o in oq.own_objections(request.auth)[:200]]


@router.get("/objections", response=list[ObjectionOut], auth=token_or_session,
            summary="待答复的异议（质疑）")  # fmt: skip
def objection_list(request, state: str = "filed", limit: int = 50, offset: int = 0):
    qs = oq.objections_visible_to(request.auth).order_by("filed_on", "id")
    if state:
        qs = qs.filter(state=state)
    limit, offset = max(1, min(limit, 200)), max(offset, 0)
    return [_objection(o, unmasked=True) for o in qs[offset : offset + limit]]


@router.get("/objections/{pk}", response=ObjectionOut, auth=token_or_session)
def objection_detail(request, pk: int):
    return _objection(oq.objection(request.auth, pk), unmasked=True)


class AnswerIn(Schema):
    answer: str
    version: int | None = None


class AnswerOut(Schema):
    objection: ObjectionOut
    project_suspended: bool


@router.post("/objections/{pk}/answer", response=AnswerOut, auth=token_or_session,
             summary="答复异议（质疑）")  # fmt: skip
@idempotent
def objection_answer(request, pk: int, payload: AnswerIn):
    o = services.answer_objection(
        oq.objection(request.auth, pk), payload.dict(), request.auth, payload.version
    )
    suspended = Project.objects.filter(pk=o.project_id, suspended=True).exists()
    return {"objection": _objection(o, unmasked=True), "project_suspended": suspended}


class ComplaintIn(Schema):
    content: str
    reason: str
    phone: str = ""
    objection: int | None = None  # which of one's 异议/质疑 (the latest when left out)


class ComplaintOut(Schema):
    id: int
    project_id: int
    project_name: str
    objection_id: int | None
    filer_name: str
    filer_usci: str
    phone: str
    content: str
    reason: str
    filed_on: dt.date
    supervisor: str
    state: str
    state_label: str
    acceptance_due: dt.date
    accepted_on: dt.date | None
    decision_due: dt.date | None
    decided_on: dt.date | None
    decision: str
    basis: str
    refuse_reason: str
    version: int


def _complaint(c: Complaint) -> dict:
    return {
        "id": c.pk,
        "project_id": c.project_id,
        "project_name": c.project.name,
        "objection_id": c.objection_id,
        "filer_name": c.filer_name,
        "filer_usci": c.filer_usci,
        "phone": c.phone,
        "content": c.content,
        "reason": c.reason,
        "filed_on": c.filed_on,
        "supervisor": c.supervisor.name,
        "state": c.state,
        "state_label": c.get_state_display(),
        "acceptance_due": services.acceptance_due(c),
        "accepted_on": c.accepted_on,
        "decision_due": services.decision_due(c),
        "decided_on": c.decided_on,
        "decision": c.decision,
        "basis": c.basis,
        "refuse_reason": c.refuse_reason,
        "version": c.version,
    }


@router.post("/projects/{project_id}/complaints", response={201: ComplaintOut},
             auth=token_or_session, summary="提出投诉")  # fmt: skip
@idempotent
def complaint_file(request, project_id: int, payload: ComplaintIn):
    """The enterprise that filed an 异议/质疑 on the project complains to its 行政监督部门
    within T20 (10 日 from the answer) / P25 (15 个工作日 from the answer or the end of the
    answer period)."""
    project = Project.objects.filter(pk=project_id).select_related("jurisdiction").first()
    if project is None:
        raise NotFound("该交易项目不存在")
    c = services.file_complaint(project, payload.dict(), request.auth)
    return Status(201, _complaint(c))


@router.get("/complaints/mine", response=list[ComplaintOut], auth=token_or_session,
            summary="我的投诉")  # fmt: skip
def complaint_mine(request):
    return [_complaint(c) for c in oq.own_complaints(request.auth)[:200]]


@router.get("/complaints", response=list[ComplaintOut], auth=token_or_session,
            summary="待审查、待处理的投诉")  # fmt: skip
def complaint_list(request, limit: int = 50, offset: int = 0):
    limit, offset = max(1, min(limit, 200)), max(offset, 0)
    return [_complaint(c) for c in oq.to_decide(request.auth)[offset : offset + limit]]


@router.get("/complaints/{pk}", response=ComplaintOut, auth=token_or_session)
def complaint_detail(request, pk: int):
    return _complaint(oq.complaint(request.auth, pk))


class VersionIn(Schema):
    version: int | None = None


class RefuseIn(VersionIn):
    reason: str


class DecideIn(VersionIn):
    decision: str
    basis: str


@router.post("/complaints/{pk}/accept", response=ComplaintOut, auth=token_or_session,
             summary="受理投诉")  # fmt: skip
@idempotent
def complaint_accept(request, pk: int, payload: VersionIn):
    c = oq.complaint(request.auth, pk)
    return _complaint(services.accept_complaint(c, request.auth, payload.version))


@router.post("/complaints/{pk}/refuse", response=ComplaintOut, auth=token_or_session,
             summary="不予受理投诉")  # fmt: skip
@idempotent
def complaint_refuse(request, pk: int, payload: RefuseIn):
    c = oq.complaint(request.auth, pk)
    return _complaint(services.refuse_complaint(c, payload.reason, request.auth, payload.version))


@router.post("/complaints/{pk}/decide", response=ComplaintOut, auth=token_or_session,
             summary="作出投诉处理决定")  # fmt: skip
@idempotent
def complaint_decide(request, pk: int, payload: DecideIn):
    c = oq.complaint(request.auth, pk)
    return _complaint(
        services.decide_complaint(
            c, payload.decision, payload.basis, request.auth, payload.version
        )  # fmt: skip
    )
