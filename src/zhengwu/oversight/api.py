"""API of 社会监督 (/api/v1/oversight/), for staff (token or session), scoped as the pages: the
office's roster, the items each person sees, filing a finding, recording a press report and the
workflow's steps. A stale `version` or a step the state does not allow is a 409; out of scope
is a 404 (an item) or a 403 (an action). Evidence files are attached on the pages."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Router, Schema, Status

from zhengwu.api.auth import token_or_session
from zhengwu.core.errors import NotAllowed, NotFound
from zhengwu.core.idempotency import idempotent
from zhengwu.core.masking import mask_phone
from zhengwu.org.models import Agency

from . import items, queries, roster
from .models import Item, Supervisor

router = Router(tags=["社会监督"])


class SupervisorOut(Schema):
    id: int
    name: str
    category: str
    category_label: str
    work_unit: str
    phone: str
    jurisdiction: str
    jurisdiction_name: str
    term_start: dt.date
    term_end: dt.date
    term_label: str
    username: str
    version: int


class SupervisorIn(Schema):
    name: str
    category: str
    work_unit: str = ""
    phone: str = ""
    jurisdiction: str
    term_start: dt.date
    term_end: dt.date
    username: str = ""
    password: str = ""


class SupervisorPatch(Schema):
    version: int | None = None
    name: str | None = None
    category: str | None = None
    work_unit: str | None = None
    phone: str | None = None
    term_start: dt.date | None = None
    term_end: dt.date | None = None


class ItemOut(Schema):
    id: int
    source: str
    source_label: str
    kind: str
    supervisor: str
    outlet: str
    reported_on: dt.date | None
    link: str
    agency: str
    agency_name: str
    title: str
    text: str
    state: str
    state_label: str
    filed_on: dt.date
    assigned_on: dt.date | None
    due_on: dt.date | None
    first_due_on: dt.date | None
    rectification: str
    rectified_on: dt.date | None
    late: bool
    returns: int
    confirmed_on: dt.date | None
    next_step: str
    version: int


class FindingIn(Schema):
    agency: str  # 统一社会信用代码
    kind: str  # suggestion 意见建议 / clue 问题线索
    title: str
    text: str
    supervisor_id: int | None = None  # the office files for a supervisor of its roster


class MediaIn(Schema):
    agency: str
    outlet: str
    reported_on: dt.date
    link: str = ""
    title: str
    text: str


class StepIn(Schema):
    version: int | None = None
    note: str = ""


class RectifyIn(Schema):
    version: int | None = None
    text: str


class ReturnIn(Schema):
    version: int | None = None
    reason: str


def _supervisor_out(s: Supervisor, user) -> dict:
    return {
        "id": s.pk,
        "name": s.name,
        "category": s.category,
        "category_label": s.get_category_display(),
        "work_unit": s.work_unit,
        # the office keeps the roster and sees the number; nobody else gets it whole
        "phone": s.phone if queries.is_office(user) else mask_phone(s.phone),
        "jurisdiction": s.jurisdiction.code,
        "jurisdiction_name": s.jurisdiction.name,
        "term_start": s.term_start,
        "term_end": s.term_end,
        "term_label": s.term_label(timezone.localdate()),
        "username": s.user.username if s.user_id and s.user else "",
        "version": s.version,
    }


def _item_out(i: Item) -> dict:
    return {
        "id": i.pk,
        "source": i.source,
        "source_label": i.get_source_display(),
        "kind": i.kind,
        "supervisor": i.supervisor.name if i.supervisor else "",
        "outlet": i.outlet,
        "reported_on": i.reported_on,
        "link": i.link,
        "agency": i.agency.usci,
        "agency_name": i.agency.name,
        "title": i.title,
        "text": i.text,
        "state": i.state,
        "state_label": i.get_state_display(),
        "filed_on": i.filed_on,
        "assigned_on": i.assigned_on,
        "due_on": i.due_on,
        "first_due_on": i.first_due_on,
        "rectification": i.rectification,
        "rectified_on": i.rectified_on,
        "late": i.late,
        "returns": i.returns,
        "confirmed_on": i.confirmed_on,
        "next_step": i.next_step,
        "version": i.version,
    }


def _office(request):
    if not queries.is_office(request.user):
        raise NotAllowed("只有政务公开办可以管理社会监督员名册", code="not_office")
    return request.user


def _agency_id(usci: str) -> int:
    found = Agency.objects.filter(usci=(usci or "").strip().upper()).first()
    if found is None:
        raise NotFound(f"单位“{usci}”不存在", code="unknown_agency", field="agency")
    return found.pk


def _item(request, item_id: int) -> Item:
    return queries.item(request.user, item_id)


@router.get("/supervisors", response=list[SupervisorOut], auth=token_or_session, summary="名册")
def supervisors(request):
    user = _office(request)
    return [_supervisor_out(s, user) for s in queries.supervisors_visible_to(user)[:1000]]


@router.post(
    "/supervisors", response={201: SupervisorOut}, auth=token_or_session, summary="聘任监督员"
)
@idempotent
def add_supervisor(request, payload: SupervisorIn):
    user = _office(request)
    data = payload.dict()
    s = roster.add(
        data,
        roster.jurisdiction(data["jurisdiction"]),
        by=user,
        username=data["username"],
        password=data["password"],
    )
    return Status(201, _supervisor_out(roster.get(s.pk), user))


@router.patch(
    "/supervisors/{supervisor_id}",
    response=SupervisorOut,
    auth=token_or_session,
    summary="修改监督员信息",
)
def change_supervisor(request, supervisor_id: int, payload: SupervisorPatch):
    user = _office(request)
    s = queries.supervisor(user, supervisor_id)
    data = {k: v for k, v in payload.dict().items() if v is not None and k != "version"}
    roster.change(s, data, by=user, version=payload.version)
    return _supervisor_out(roster.get(s.pk), user)


@router.get("/items", response=list[ItemOut], auth=token_or_session, summary="监督事项")
def item_list(request, state: str = "", source: str = "", limit: int = 100, offset: int = 0):
    qs = queries.items_visible_to(request.user)
    if state:
        qs = qs.filter(state=state)
    if source:
        qs = qs.filter(source=source)
    limit = max(1, min(limit, 500))
    return [_item_out(i) for i in qs[max(0, offset) : max(0, offset) + limit]]


@router.get("/items/{item_id}", response=ItemOut, auth=token_or_session, summary="监督事项详情")
def item_detail(request, item_id: int):
    return _item_out(_item(request, item_id))


@router.post("/findings", response={201: ItemOut}, auth=token_or_session, summary="提出监督意见")
@idempotent
def file_finding(request, payload: FindingIn):
    chosen = None
    if payload.supervisor_id is not None:
        chosen = queries.supervisor(request.user, payload.supervisor_id)
    data = payload.dict() | {"agency": _agency_id(payload.agency)}
    item = items.file_finding(data, by=request.user, supervisor=chosen)
    return Status(201, _item_out(_item(request, item.pk)))


@router.post("/media", response={201: ItemOut}, auth=token_or_session, summary="登记媒体监督")
@idempotent
def record_media(request, payload: MediaIn):
    data = payload.dict() | {"agency": _agency_id(payload.agency)}
    item = items.record_media(data, by=request.user)
    return Status(201, _item_out(_item(request, item.pk)))


@router.post("/items/{item_id}/assign", response=ItemOut, auth=token_or_session, summary="交办")
def assign(request, item_id: int, payload: StepIn):
    item = items.assign(
        _item(request, item_id), note=payload.note, by=request.user, version=payload.version
    )
    return _item_out(_item(request, item.pk))


@router.post(
    "/items/{item_id}/rectify", response=ItemOut, auth=token_or_session, summary="反馈整改情况"
)
def rectify(request, item_id: int, payload: RectifyIn):
    item = items.rectify(
        _item(request, item_id), text=payload.text, by=request.user, version=payload.version
    )
    return _item_out(_item(request, item.pk))


@router.post(
    "/items/{item_id}/confirm", response=ItemOut, auth=token_or_session, summary="确认整改"
)
def confirm(request, item_id: int, payload: StepIn):
    item = items.confirm(
        _item(request, item_id), note=payload.note, by=request.user, version=payload.version
    )
    return _item_out(_item(request, item.pk))


@router.post(
    "/items/{item_id}/return", response=ItemOut, auth=token_or_session, summary="退回重新整改"
)
def send_back(request, item_id: int, payload: ReturnIn):
    item = items.send_back(
        _item(request, item_id), reason=payload.reason, by=request.user, version=payload.version
    )
    return _item_out(_item(request, item.pk))
