"""Open API of 回应关切 (/api/v1/disclosure/concerns): published responses for everyone (times
in 北京时间, ISO 8601 with +08:00), registration and answers for staff."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Router, Schema, Status

from zhengwu.api.auth import public, token_or_session
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.disclosure import queries as disclosure_queries

from . import queries
from .api import jurisdiction_path, page
from .models import ConcernResponse
from .services import concerns as services

router = Router(tags=["回应关切"])


class ConcernOut(Schema):
    id: int
    title: str
    concern: str
    kind: str
    kind_label: str
    agency_usci: str
    agency_name: str
    occurred_at: dt.datetime
    due_at: dt.datetime
    response: str
    responded_at: dt.datetime | None
    responded_late: bool
    overdue: bool
    status: str
    version: int


class ConcernPage(Schema):
    count: int
    results: list[ConcernOut]


class ConcernIn(Schema):
    agency: str
    title: str
    concern: str
    kind: str
    occurred_at: str


class ConcernPatch(Schema):
    version: int | None = None
    title: str | None = None
    concern: str | None = None
    kind: str | None = None
    occurred_at: str | None = None
    response: str | None = None


class RespondIn(Schema):
    version: int | None = None
    response: str | None = None
    # corrections of the concern saved with the answer (as PATCH takes them)
    title: str | None = None
    concern: str | None = None
    kind: str | None = None
    occurred_at: str | None = None


class ReasonIn(Schema):
    version: int | None = None
    reason: str = ""


def _local(value):
    return timezone.localtime(value) if value else None


def out(c: ConcernResponse) -> dict:
    return {
        "id": c.pk,
        "title": c.title,
        "concern": c.concern,
        "kind": c.kind,
        "kind_label": c.get_kind_display(),
        "agency_usci": c.agency.usci,
        "agency_name": c.agency.name,
        "occurred_at": _local(c.occurred_at),
        "due_at": _local(c.due_at),
        "response": c.response,
        "responded_at": _local(c.responded_at),
        "responded_late": c.responded_late,
        "overdue": c.status == ConcernResponse.OPEN and timezone.now() > c.due_at,
        "status": c.status,
        "version": c.version,
    }


@router.get("", response=ConcernPage, auth=public, summary="已发布的关切回应")
def concerns(request, jurisdiction: str | None = None, limit: int = 20, offset: int = 0):
    limit, offset = page(limit, offset)
    qs = ConcernResponse.objects.filter(
        status=ConcernResponse.PUBLISHED, scope_path__startswith=jurisdiction_path(jurisdiction)
    ).select_related("agency")
    qs = qs.order_by("-responded_at", "-id")
    return {"count": qs.count(), "results": [out(c) for c in qs[offset : offset + limit]]}


def _staff_item(request, item_id: int) -> ConcernResponse:
    found = queries.staff_concerns(request.user).filter(pk=item_id).first()
    if found is None:
        raise NotFound("关切事项不存在或不在您的管辖范围内", code="concern_not_found")
    return found


@router.get(
    "/staff/items",
    response=ConcernPage,
    auth=token_or_session,
    summary="本辖区关切事项（工作人员）",
)
def staff_items(request, status: str = "", limit: int = 20, offset: int = 0):
    """`status`: open、published、withdrawn，或 overdue（已超时未回应及超时回应）。"""
    limit, offset = page(limit, offset)
    qs = queries.staff_concerns(request.user)
    if status == "overdue":
        qs = queries.overdue_concerns(qs)
    elif status:
        if status not in dict(ConcernResponse.STATUSES):
            raise Invalid("状态应为open、published、withdrawn或overdue", code="status_invalid")
        qs = qs.filter(status=status)
    qs = qs.order_by("due_at", "-id")
    return {"count": qs.count(), "results": [out(c) for c in qs[offset : offset + limit]]}


@router.get(
    "/staff/items/{item_id}",
    response=ConcernOut,
    auth=token_or_session,
    summary="关切事项详情（工作人员）",
)
def staff_item(request, item_id: int):
    return out(_staff_item(request, item_id))


@router.post(
    "/staff/items", response={201: ConcernOut}, auth=token_or_session, summary="登记关切事项"
)
def create(request, payload: ConcernIn):
    """`occurred_at`：事件发生或舆情出现时间，如 2026-12-07 09:30（北京时间）或带时区的 ISO 8601。"""
    data = payload.dict()
    usci = data.pop("agency").strip().upper()
    agency = disclosure_queries.manageable_agencies(request.user).filter(usci=usci).first()
    if agency is None:
        raise NotFound("该单位不存在或不在您的管辖范围内", code="unknown_agency", field="agency")
    return Status(201, out(services.create(agency, data, by=request.user)))


@router.patch(
    "/staff/items/{item_id}",
    response=ConcernOut,
    auth=token_or_session,
    summary="修改关切事项或保存回应草稿",
)
def edit(request, item_id: int, payload: ConcernPatch):
    data = payload.dict(exclude_none=True)
    version = data.pop("version", None)
    return out(services.edit(_staff_item(request, item_id), data, by=request.user, version=version))


@router.post(
    "/staff/items/{item_id}/respond", response=ConcernOut, auth=token_or_session, summary="发布回应"
)
def respond(request, item_id: int, payload: RespondIn):
    """`title`、`concern`、`kind`、`occurred_at` 可选：同时更正的关切事项，与回应一并保存。"""
    changes = payload.dict(exclude_none=True, exclude={"version", "response"})
    c = services.respond(
        _staff_item(request, item_id),
        payload.response,
        by=request.user,
        version=payload.version,
        changes=changes,
    )
    return out(c)


@router.post(
    "/staff/items/{item_id}/withdraw",
    response=ConcernOut,
    auth=token_or_session,
    summary="撤回回应",
)
def withdraw(request, item_id: int, payload: ReasonIn):
    c = services.withdraw(
        _staff_item(request, item_id), payload.reason, by=request.user, version=payload.version
    )
    return out(c)
