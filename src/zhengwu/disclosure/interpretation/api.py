"""Open API of 政策解读 (/api/v1/disclosure/interpretations): published interpretations for
everyone, and the workbench's actions for staff (token or session), scoped like the pages.
回应关切 and 新闻发布会 have their own routers (`concern_api`, `press_api`)."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status

from zhengwu.api.auth import public, token_or_session
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.org import queries as org_queries

from . import queries
from .models import Interpretation
from .services import interpretations as services

router = Router(tags=["政策解读"])


def page(limit: int, offset: int) -> tuple[int, int]:
    if limit < 1 or limit > 200:
        raise Invalid("limit 应在1至200之间", code="limit_invalid", field="limit")
    if offset < 0:
        raise Invalid("offset 不能为负数", code="offset_invalid", field="offset")
    return limit, offset


def jurisdiction_path(code: str | None) -> str:
    if not code:
        return ""
    j = org_queries.jurisdiction_or_none(code)
    if j is None:
        raise NotFound(f"区划代码“{code}”不存在", code="unknown_jurisdiction", field="jurisdiction")
    return j.path


class QA(Schema):
    q: str
    a: str


class InterpretationOut(Schema):
    id: int
    title: str
    form: str
    form_label: str
    document: int
    document_title: str
    document_url: str
    agency_usci: str
    agency_name: str
    body: str
    image_url: str
    video_url: str
    qa: list[QA]
    status: str
    published_on: dt.date | None
    due_on: dt.date | None
    published_late: bool
    version: int
    url: str


class InterpretationPage(Schema):
    count: int
    results: list[InterpretationOut]


class InterpretationIn(Schema):
    document: int
    title: str
    form: str = Interpretation.TEXT
    body: str = ""
    video_url: str = ""
    qa: list[QA] = []


class InterpretationPatch(Schema):
    version: int | None = None
    title: str | None = None
    form: str | None = None
    body: str | None = None
    video_url: str | None = None
    qa: list[QA] | None = None


class ReasonIn(Schema):
    version: int | None = None
    reason: str = ""


class AwaitingOut(Schema):
    document: int
    title: str
    genre: str
    agency_name: str
    published_on: dt.date
    due_on: dt.date
    overdue: bool


def out(i: Interpretation) -> dict:
    return {
        "id": i.pk,
        "title": i.title,
        "form": i.form,
        "form_label": i.get_form_display(),
        "document": i.document_id,
        "document_title": i.document.title,
        "document_url": f"/xxgk/doc/{i.document_id}/",
        "agency_usci": i.agency.usci,
        "agency_name": i.agency.name,
        "body": i.body,
        "image_url": f"/xxgk/zcjd/{i.pk}/image/" if i.image else "",
        "video_url": i.video_url,
        "qa": i.qa or [],
        "status": i.status,
        "published_on": i.published_on,
        "due_on": i.due_on,
        "published_late": i.published_late,
        "version": i.version,
        "url": f"/xxgk/zcjd/{i.pk}/",
    }


@router.get("", response=InterpretationPage, auth=public, summary="已发布的政策解读")
def interpretations(
    request,
    jurisdiction: str | None = None,
    document: int | None = None,
    limit: int = 20,
    offset: int = 0,
):
    """`jurisdiction` 含下级区划；`document` 为政策文件编号。"""
    limit, offset = page(limit, offset)
    qs = queries.published_interpretations().filter(
        scope_path__startswith=jurisdiction_path(jurisdiction)
    )
    if document is not None:
        if not 0 < document < 2**63:
            raise Invalid("政策文件编号不正确", code="document_invalid", field="document")
        qs = qs.filter(document_id=document)
    qs = qs.order_by("-published_on", "-id")
    return {"count": qs.count(), "results": [out(i) for i in qs[offset : offset + limit]]}


@router.get("/{item_id}", response=InterpretationOut, auth=public, summary="政策解读详情")
def interpretation(request, item_id: int):
    found = queries.published_interpretations().filter(pk=item_id).first()
    if found is None:
        raise NotFound("解读不存在或未公开", code="interpretation_not_found")
    return out(found)


# --- staff ------------------------------------------------------------------------------------


def _staff_item(request, item_id: int) -> Interpretation:
    found = queries.staff_interpretations(request.user).filter(pk=item_id).first()
    if found is None:
        raise NotFound("解读不存在或不在您的管辖范围内", code="interpretation_not_found")
    return found


@router.get(
    "/staff/awaiting",
    response=list[AwaitingOut],
    auth=token_or_session,
    summary="待解读的政策文件及应发布日期（工作人员）",
)
def awaiting(request):
    return [
        {
            "document": d.pk,
            "title": d.title,
            "genre": d.genre,
            "agency_name": d.agency.name,
            "published_on": d.published_on,
            "due_on": d.due_on,
            "overdue": d.overdue,
        }
        for d in queries.awaiting(request.user)
    ]


@router.get(
    "/staff/items",
    response=InterpretationPage,
    auth=token_or_session,
    summary="本辖区解读（工作人员）",
)
def staff_items(request, status: str = "", limit: int = 20, offset: int = 0):
    limit, offset = page(limit, offset)
    qs = queries.staff_interpretations(request.user)
    if status:
        if status not in dict(Interpretation.STATUSES):
            raise Invalid("状态应为draft、review、published或withdrawn", code="status_invalid")
        qs = qs.filter(status=status)
    qs = qs.order_by("-created_at", "-id")
    return {"count": qs.count(), "results": [out(i) for i in qs[offset : offset + limit]]}


@router.get(
    "/staff/items/{item_id}",
    response=InterpretationOut,
    auth=token_or_session,
    summary="解读详情（工作人员）",
)
def staff_item(request, item_id: int):
    return out(_staff_item(request, item_id))


@router.post(
    "/staff/items", response={201: InterpretationOut}, auth=token_or_session, summary="起草解读"
)
def create(request, payload: InterpretationIn):
    data = payload.dict()
    doc = queries.staff_documents(request.user).filter(pk=data.pop("document")).first()
    if doc is None:
        raise NotFound(
            "文件不存在或不在您的管辖范围内", code="document_not_found", field="document"
        )
    return Status(201, out(services.create(doc, data, by=request.user)))


@router.patch(
    "/staff/items/{item_id}",
    response=InterpretationOut,
    auth=token_or_session,
    summary="修改解读草稿",
)
def edit(request, item_id: int, payload: InterpretationPatch):
    data = payload.dict(exclude_none=True)
    version = data.pop("version", None)
    item = services.edit(_staff_item(request, item_id), data, by=request.user, version=version)
    return out(item)


@router.delete(
    "/staff/items/{item_id}/image",
    response=InterpretationOut,
    auth=token_or_session,
    summary="删除图解（草稿）",
)
def remove_image(request, item_id: int, version: int | None = None):
    """`?version=` the interpretation's version as read (optional): changed since, a 409."""
    item = services.remove_image(_staff_item(request, item_id), by=request.user, version=version)
    return out(item)


@router.post(
    "/staff/items/{item_id}/submit",
    response=InterpretationOut,
    auth=token_or_session,
    summary="提交审核",
)
def submit(request, item_id: int, version: int | None = None):
    return out(services.submit(_staff_item(request, item_id), by=request.user, version=version))


@router.post(
    "/staff/items/{item_id}/return",
    response=InterpretationOut,
    auth=token_or_session,
    summary="退回修改",
)
def return_(request, item_id: int, payload: ReasonIn):
    item = services.return_for_changes(
        _staff_item(request, item_id), payload.reason, by=request.user, version=payload.version
    )
    return out(item)


@router.post(
    "/staff/items/{item_id}/publish",
    response=InterpretationOut,
    auth=token_or_session,
    summary="审核发布",
)
def publish(request, item_id: int, version: int | None = None):
    return out(services.publish(_staff_item(request, item_id), by=request.user, version=version))


@router.post(
    "/staff/items/{item_id}/withdraw",
    response=InterpretationOut,
    auth=token_or_session,
    summary="撤回",
)
def withdraw(request, item_id: int, payload: ReasonIn):
    item = services.withdraw(
        _staff_item(request, item_id), payload.reason, by=request.user, version=payload.version
    )
    return out(item)
