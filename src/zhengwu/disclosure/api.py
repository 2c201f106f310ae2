"""Open API of 主动公开 (/api/v1/disclosure/): published documents for everyone, and the
workbench's actions for staff (token or session), scoped exactly like the pages."""

from __future__ import annotations

import datetime as dt

from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from zhengwu.api.auth import public, token_or_session
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.org import queries as org_queries
from zhengwu.org.models import Agency

from . import files, queries, services
from .interpretation import queries as interpretation_queries
from .models import Document

router = Router(tags=["政府信息公开"])


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str


class DocumentOut(Schema):
    id: int
    index_no: str
    title: str
    summary: str
    created_on: dt.date
    agency_usci: str
    agency_name: str
    doc_number: str
    published_on: dt.date | None
    topic: str
    genre: str
    validity: str
    validity_label: str
    replaced_by: int | None
    keywords: str
    column: str
    column_name: str
    status: str
    version: int
    published_late: bool
    url: str


class DocumentDetail(DocumentOut):
    body: str
    attachments: list[AttachmentOut]


class SubmittedOut(DocumentDetail):
    # what the workbench page reminds of too (三同步: a policy document without its
    # interpretation); never a refusal
    reminders: list[str]


class DocumentPage(Schema):
    count: int
    results: list[DocumentOut]


class ColumnOut(Schema):
    code: str
    name: str
    basis: str
    parent: str


class DocumentIn(Schema):
    agency: str
    title: str
    created_on: str
    summary: str = ""
    doc_number: str = ""
    topic: str = "综合政务"
    genre: str = "其他文件"
    keywords: str = ""
    body: str = ""
    proactive: bool = True
    column: str = ""


class VersionIn(Schema):
    """The document's `version` as the caller read it (optional): changed since, a 409."""

    version: int | None = Field(None, description="读取时的版本号；已被他人处理时返回 409")


class DocumentPatch(VersionIn):
    title: str | None = None
    created_on: str | None = None
    summary: str | None = None
    doc_number: str | None = None
    topic: str | None = None
    genre: str | None = None
    keywords: str | None = None
    body: str | None = None
    proactive: bool | None = None
    column: str | None = None
    note: str | None = None


class ReasonIn(VersionIn):
    reason: str = ""


class ValidityIn(VersionIn):
    validity: str
    reason: str = ""
    replaced_by: int | None = None


def _out(doc: Document) -> dict:
    return {
        "id": doc.pk,
        "index_no": doc.index_no,
        "title": doc.title,
        "summary": doc.summary,
        "created_on": doc.created_on,
        "agency_usci": doc.agency.usci,
        "agency_name": doc.agency.name,
        "doc_number": doc.doc_number,
        "published_on": doc.published_on,
        "topic": doc.topic,
        "genre": doc.genre,
        "validity": doc.validity,
        "validity_label": doc.get_validity_display(),
        "replaced_by": doc.replaced_by_id,
        "keywords": doc.keywords,
        "column": doc.column.code if doc.column else "",
        "column_name": doc.column.name if doc.column else "",
        "status": doc.status,
        "version": doc.version,
        "published_late": doc.published_late,
        "url": f"/xxgk/doc/{doc.pk}/",
    }


def _detail(doc: Document) -> dict:
    return _out(doc) | {
        "body": doc.body,
        "attachments": [
            {
                "id": a.pk,
                "name": a.original_name,
                "content_type": a.content_type,
                "size": a.size,
                "url": f"/xxgk/doc/{doc.pk}/files/{a.pk}/",
            }
            for a in doc.attachments.all()
        ],
    }


def _page(limit: int, offset: int) -> tuple[int, int]:
    if limit < 1 or limit > 200:
        raise Invalid("limit 应在1至200之间", code="limit_invalid", field="limit")
    if offset < 0:
        raise Invalid("offset 不能为负数", code="offset_invalid", field="offset")
    return limit, offset


@router.get("/documents", response=DocumentPage, auth=public, summary="已发布的主动公开文件")
def documents(
    request,
    jurisdiction: str | None = None,
    agency: str | None = None,
    column: str = "",
    year: str = "",
    genre: str = "",
    validity: str = "",
    limit: int = 20,
    offset: int = 0,
):
    """`jurisdiction` 含下级区划；`agency` 为统一社会信用代码（政府含其部门）；`validity` 可用代码或中文。"""
    limit, offset = _page(limit, offset)
    qs = queries.published()
    if jurisdiction:
        j = org_queries.jurisdiction_or_none(jurisdiction)
        if j is None:
            raise NotFound(
                f"区划代码“{jurisdiction}”不存在", code="unknown_jurisdiction", field="jurisdiction"
            )
        qs = qs.filter(scope_path__startswith=j.path)
    if agency:
        a = Agency.objects.filter(usci=agency.strip().upper()).first()
        if a is None:
            raise NotFound(
                f"统一社会信用代码“{agency}”的单位不存在", code="unknown_agency", field="agency"
            )
        qs = qs & queries.agency_documents(a)
    qs = queries.filter_catalogue(qs, column=column, year=year, genre=genre, validity=validity)
    qs = qs.order_by("-published_on", "-id")
    return {"count": qs.count(), "results": [_out(d) for d in qs[offset : offset + limit]]}


@router.get("/documents/{doc_id}", response=DocumentDetail, auth=public, summary="文件详情")
def document(request, doc_id: int):
    doc = queries.published().filter(pk=doc_id).first()
    if doc is None:
        raise NotFound("文件不存在或未公开", code="document_not_found")
    return _detail(doc)


@router.get(
    "/agencies/{usci}/columns", response=list[ColumnOut], auth=public, summary="单位的目录栏目"
)
def columns(request, usci: str):
    a = Agency.objects.filter(usci=usci.strip().upper()).first()
    if a is None:
        raise NotFound(f"统一社会信用代码“{usci}”的单位不存在", code="unknown_agency", field="usci")
    return [
        {
            "code": c.code,
            "name": c.name,
            "basis": c.basis,
            "parent": c.parent.code if c.parent else "",
        }
        for c in a.columns.select_related("parent").order_by("order")
    ]


# --- staff ------------------------------------------------------------------------------------


def _staff_doc(request, doc_id: int) -> Document:
    doc = queries.staff_documents(request.user).filter(pk=doc_id).first()
    if doc is None:
        raise NotFound("文件不存在或不在您的管辖范围内", code="document_not_found")
    return doc


@router.get(
    "/staff/documents",
    response=DocumentPage,
    auth=token_or_session,
    summary="本单位（辖区）文件（工作人员）",
)
def staff_documents(request, status: str = "", limit: int = 20, offset: int = 0):
    limit, offset = _page(limit, offset)
    qs = queries.staff_documents(request.user)
    if status:
        if status not in dict(Document.STATUSES):
            raise Invalid(
                "状态应为draft、review、published或withdrawn", code="status_invalid", field="status"
            )
        qs = qs.filter(status=status)
    qs = qs.order_by("-updated_at", "-id")
    return {"count": qs.count(), "results": [_out(d) for d in qs[offset : offset + limit]]}


@router.get(
    "/staff/documents/{doc_id}",
    response=DocumentDetail,
    auth=token_or_session,
    summary="文件详情（工作人员）",
)
def staff_document(request, doc_id: int):
    return _detail(_staff_doc(request, doc_id))


@router.post(
    "/staff/documents", response={201: DocumentDetail}, auth=token_or_session, summary="起草"
)
def create(request, payload: DocumentIn):
    data = payload.dict()
    agency = (
        queries.manageable_agencies(request.user)
        .filter(usci=data.pop("agency").strip().upper())
        .first()
    )
    if agency is None:
        raise NotFound("该单位不存在或不在您的管辖范围内", code="unknown_agency", field="agency")
    doc = services.create_draft(agency, data, by=request.user)
    return Status(201, _detail(doc))


@router.patch(
    "/staff/documents/{doc_id}",
    response=DocumentDetail,
    auth=token_or_session,
    summary="修改草稿或发布新版本",
)
def edit(request, doc_id: int, payload: DocumentPatch):
    doc = _staff_doc(request, doc_id)
    data = payload.dict(exclude_none=True)
    note, version = data.pop("note", ""), data.pop("version", None)
    if doc.status == Document.PUBLISHED:
        doc = services.new_version(doc, data, note, by=request.user, version=version)
    else:
        doc = services.edit_draft(doc, data, by=request.user, version=version)
    return _detail(doc)


@router.post(
    "/staff/documents/{doc_id}/submit",
    response=SubmittedOut,
    auth=token_or_session,
    summary="提交保密审查",
)
def submit(request, doc_id: int, version: int | None = None):
    """`?version=` the document's version as read (optional): changed since, a 409.
    `reminders`: 提示 in the page's words, e.g. a 规章 or 行政规范性文件 with no 政策解读 drafted
    (三同步); the document is submitted all the same."""
    doc = services.submit(_staff_doc(request, doc_id), by=request.user, version=version)
    return _detail(doc) | {"reminders": interpretation_queries.reminders(doc)}


@router.post(
    "/staff/documents/{doc_id}/return",
    response=DocumentDetail,
    auth=token_or_session,
    summary="退回修改",
)
def return_(request, doc_id: int, payload: ReasonIn):
    doc = services.return_for_changes(
        _staff_doc(request, doc_id), payload.reason, by=request.user, version=payload.version
    )
    return _detail(doc)


@router.post(
    "/staff/documents/{doc_id}/publish",
    response=DocumentDetail,
    auth=token_or_session,
    summary="审查通过并发布",
)
def publish(request, doc_id: int, version: int | None = None):
    """`?version=` the document's version as read (optional): changed since, a 409."""
    doc = services.publish(_staff_doc(request, doc_id), by=request.user, version=version)
    return _detail(doc)


@router.post(
    "/staff/documents/{doc_id}/withdraw",
    response=DocumentDetail,
    auth=token_or_session,
    summary="撤回",
)
def withdraw(request, doc_id: int, payload: ReasonIn):
    doc = services.withdraw(
        _staff_doc(request, doc_id), payload.reason, by=request.user, version=payload.version
    )
    return _detail(doc)


@router.post(
    "/staff/documents/{doc_id}/validity",
    response=DocumentDetail,
    auth=token_or_session,
    summary="变更有效性（废止、修改、失效）",
)
def validity(request, doc_id: int, payload: ValidityIn):
    doc = _staff_doc(request, doc_id)
    replaced = None
    if payload.replaced_by is not None:
        replaced = queries.visible_to(request.user).filter(pk=payload.replaced_by).first()
        if replaced is None:
            raise NotFound("替代文件不存在", code="replaced_by_unknown", field="replaced_by")
    doc = services.change_validity(
        doc,
        payload.validity,
        payload.reason,
        by=request.user,
        replaced_by=replaced,
        version=payload.version,
    )
    return _detail(doc)


# --- 政府公报 ---------------------------------------------------------------------------------


class GazetteOut(Schema):
    jurisdiction: str
    year: int
    number: int
    published_on: dt.date
    documents: list[int]
    url: str
    pdf: str


class GazetteIn(Schema):
    jurisdiction: str
    year: int
    number: int
    documents: list[int]
    published_on: dt.date | None = None


def _gazette(issue) -> dict:
    prefix = f"/site/{issue.jurisdiction.code}" if issue.jurisdiction.parent_id else ""
    base = f"{prefix}/xxgk/gazette/{issue.year}/{issue.number}/"
    return {
        "jurisdiction": issue.jurisdiction.code,
        "year": issue.year,
        "number": issue.number,
        "published_on": issue.published_on,
        "documents": [d.pk for d in queries.gazette_documents(issue)],
        "url": base,
        "pdf": base + "pdf/",
    }


def _jurisdiction(code: str):
    j = org_queries.jurisdiction_or_none(code)
    if j is None:
        raise NotFound(f"区划代码“{code}”不存在", code="unknown_jurisdiction", field="jurisdiction")
    return j


@router.get("/gazette", response=list[GazetteOut], auth=public, summary="政府公报各期")
def gazette(request, jurisdiction: str = "433100", year: int | None = None):
    issues = queries.gazette_issues(_jurisdiction(jurisdiction)).select_related("jurisdiction")
    if year is not None:
        issues = issues.filter(year=year)
    return [_gazette(i) for i in issues[:500]]


@router.post(
    "/staff/gazette", response={201: GazetteOut}, auth=token_or_session, summary="编发一期政府公报"
)
def create_gazette(request, payload: GazetteIn):
    j = _jurisdiction(payload.jurisdiction)
    docs = list(queries.published().filter(pk__in=payload.documents))
    missing = set(payload.documents) - {d.pk for d in docs}
    if missing:
        raise Invalid(
            f"文件{sorted(missing)[0]}不存在或未发布", code="document_invalid", field="documents"
        )
    issue = services.create_gazette_issue(
        j, payload.year, payload.number, docs, by=request.user, published_on=payload.published_on
    )
    return Status(201, _gazette(issue))


# --- attachments, guide and rules (the rest of the workbench) ------------------------------------


@router.post(
    "/staff/documents/{doc_id}/attachments",
    response={201: AttachmentOut},
    auth=token_or_session,
    summary="上传附件（PDF、DOCX、XLSX、图片）",
)
def attach(request, doc_id: int, file: File[UploadedFile]):
    doc = _staff_doc(request, doc_id)
    data = files.read_upload(file)  # refused over the size limit before it is read
    att = services.add_attachment(doc, file.name or "附件", data, by=request.user)
    return Status(
        201,
        {
            "id": att.pk,
            "name": att.original_name,
            "content_type": att.content_type,
            "size": att.size,
            "url": f"/xxgk/doc/{doc.pk}/files/{att.pk}/",
        },
    )


class GuideIn(Schema):
    classification: str = ""
    how_to_obtain: str = ""
    office_name: str = ""
    address: str = ""
    office_hours: str = ""
    phone: str = ""
    fax: str = ""
    internet: str = ""
    how_to_request: str = ""
    remedies: str = ""


class GuideOut(GuideIn):
    id: int
    revised_on: dt.date


class RulesIn(Schema):
    body: str


def _managed_agency(request, usci: str) -> Agency:
    agency = queries.manageable_agencies(request.user).filter(usci=usci.strip().upper()).first()
    if agency is None:
        raise NotFound("该单位不存在或不在您的管辖范围内", code="unknown_agency", field="usci")
    return agency


@router.post(
    "/staff/agencies/{usci}/guide",
    response={201: GuideOut},
    auth=token_or_session,
    summary="修订政府信息公开指南（空字段按单位信息生成）",
)
def revise_guide(request, usci: str, payload: GuideIn):
    revision = services.revise_guide(
        _managed_agency(request, usci), by=request.user, overrides=payload.dict()
    )
    return Status(201, revision)


@router.put(
    "/staff/agencies/{usci}/rules",
    response=RulesIn,
    auth=token_or_session,
    summary="编辑政府信息公开制度",
)
def save_rules(request, usci: str, payload: RulesIn):
    page = services.save_rules(_managed_agency(request, usci), payload.body, by=request.user)
    return {"body": page.body}
