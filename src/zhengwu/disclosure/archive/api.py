"""/api/v1/disclosure/archive/: the 公文库 for staff — list (scoped, filtered, `q=` staff
search), register, detail, correct (with the version read: a stale one is a 409), and upload a
file. Elements use the field names of the register form; 公开属性, 密级 and 不予公开依据 take
their codes or their Chinese words. The §18 review has its own router under /reviews."""

from __future__ import annotations

import datetime as dt

from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from zhengwu.api.auth import token_or_session
from zhengwu.core.errors import NotAllowed, NotFound
from zhengwu.core.idempotency import idempotent
from zhengwu.core.params import whole_number
from zhengwu.disclosure import files as upload

from . import queries, secrecy
from .models import OfficialDocument
from .services import records

router = Router(tags=["公文库"])
BASE = "/api/v1/disclosure/archive"


class ElementsIn(Schema):
    copy_number: str = ""
    secrecy: str = ""
    secrecy_years: int | str = ""
    secrecy_until: str = ""
    secrecy_condition: str = ""
    urgency: str = ""
    issuing_body: str = ""
    doc_number: str = ""
    signer: str = ""
    title: str = ""
    main_recipients: str = ""
    doc_type: str = ""
    written_on: str = ""
    attachment_note: str = ""
    remarks: str = ""
    copied_to: str = ""
    printed_by: str = ""
    printed_on: str = ""
    attribute: str = ""
    withheld_ground: str = ""
    attribute_reason: str = ""


class RegisterIn(ElementsIn):
    agency_usci: str


class EditIn(Schema):
    """Only the elements sent change; `version` is the one the caller read."""

    version: int
    copy_number: str | None = None
    secrecy: str | None = None
    secrecy_years: int | str | None = None
    secrecy_until: str | None = None
    secrecy_condition: str | None = None
    urgency: str | None = None
    issuing_body: str | None = None
    doc_number: str | None = None
    signer: str | None = None
    title: str | None = None
    main_recipients: str | None = None
    doc_type: str | None = None
    written_on: str | None = None
    attachment_note: str | None = None
    remarks: str | None = None
    copied_to: str | None = None
    printed_by: str | None = None
    printed_on: str | None = None
    attribute: str | None = None
    withheld_ground: str | None = None
    attribute_reason: str | None = None


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _file_out(record: OfficialDocument, item) -> dict:
    return {
        "id": item.pk,
        "name": item.original_name,
        "content_type": item.content_type,
        "size": item.size,
        "sha256": item.sha256,
        "url": f"{BASE}/{record.pk}/files/{item.pk}",
    }


def _out(record: OfficialDocument, *, full: bool = False) -> dict:
    out = {
        "id": record.pk,
        "agency": {"usci": record.agency.usci, "name": record.agency.name},
        "doc_number": record.doc_number,
        "title": record.title,
        "doc_type": record.doc_type,
        "written_on": record.written_on.isoformat(),
        "secrecy": record.secrecy,
        "secrecy_label": record.get_secrecy_display(),
        "secrecy_mark": secrecy.mark(record),
        "attribute": record.attribute,
        "attribute_label": record.get_attribute_display(),
        "version": record.version,
    }
    if not full:
        return out
    release = secrecy.release_date(record)
    return out | {
        "copy_number": record.copy_number,
        "secrecy_years": record.secrecy_years,
        "secrecy_until": _day(record.secrecy_until),
        "secrecy_condition": record.secrecy_condition,
        "release_date": _day(release),
        "secrecy_note": records.secrecy_note(record) or None,
        "urgency": record.urgency,
        "issuing_body": record.issuing_body,
        "signer": record.signer,
        "main_recipients": record.main_recipients,
        "attachment_note": record.attachment_note,
        "remarks": record.remarks,
        "copied_to": record.copied_to,
        "printed_by": record.printed_by,
        "printed_on": _day(record.printed_on),
        "withheld_ground": record.withheld_ground or None,
        "withheld_ground_label": record.get_withheld_ground_display()
        if record.withheld_ground
        else None,
        "attribute_reason": record.attribute_reason,
        "document_id": record.document_id,
        "files": [_file_out(record, f) for f in record.files.all()],
    }


def _data(payload: Schema, *, exclude_unset: bool = False) -> dict:
    data = payload.dict(exclude={"agency_usci", "version"}, exclude_unset=exclude_unset)
    return {k: ("" if v is None else v) for k, v in data.items()}


@router.get("/", auth=token_or_session)
def list_records(
    request,
    q: str = "",
    doc_type: str = "",
    attribute: str = "",
    year: str = "",
    secrecy: str = "",
    limit: int = 50,
    offset: int = 0,
    page: int = 1,
):
    """公文 in the caller's scope, newest first; `q` searches titles, 发文字号 and the files'
    text (staff search; `page` pages it) and then `year` alone applies."""
    params = {"doc_type": doc_type, "attribute": attribute, "year": year, "secrecy": secrecy}
    if q.strip():
        found = queries.search(request.user, q, page=str(page), year=year)
        ids = [whole_number(h.key) for h in found.hits]
        by_id = {r.pk: r for r in queries.visible_to(request.user).filter(pk__in=ids)}
        return {
            "total": found.total,
            "page": found.page,
            "pages": found.pages,
            "items": [_out(by_id[i]) for i in ids if i in by_id],
        }
    qs, _kept = queries.filtered(queries.visible_to(request.user), params)
    limit = max(1, min(limit, 200))
    offset = max(0, offset)
    return {"total": qs.count(), "items": [_out(r) for r in qs[offset : offset + limit]]}


@router.post("/", auth=token_or_session, response={201: dict})
@idempotent
def register(request, payload: RegisterIn):
    """登记公文: every element checked as on the register form (Chinese message, `field`)."""
    agency = queries.agencies_for(request.user).filter(usci=payload.agency_usci.upper()).first()
    if agency is None:
        raise NotAllowed("您没有在该单位登记公文的权限", code="forbidden")
    record = records.register(agency, _data(payload), by=request.user)
    return Status(201, _out(record, full=True))


@router.get("/{int:record_id}", auth=token_or_session)
def detail(request, record_id: int):
    return _out(queries.get_visible(request.user, record_id), full=True)


@router.patch("/{int:record_id}", auth=token_or_session)
def edit(request, record_id: int, payload: EditIn):
    """修改登记: the elements sent replace the record's; `version` as read (409 when stale)."""
    record = queries.get_visible(request.user, record_id)
    data = _data(payload, exclude_unset=True)
    record = records.edit(record, data, by=request.user, version=payload.version)
    return _out(record, full=True)


@router.post("/{int:record_id}/files", auth=token_or_session, response={201: dict})
@idempotent
def add_file(request, record_id: int, file: File[UploadedFile]):
    """A file of the 公文 (multipart `file`: PDF, OFD or DOCX); refused on a secret record."""
    record = queries.get_visible(request.user, record_id)
    data = upload.read_upload(file, what="公文文件")
    item = records.add_file(record, file.name or "", data, by=request.user)
    return Status(201, _file_out(record, item))


@router.get("/{int:record_id}/files/{int:file_id}", auth=token_or_session)
def download(request, record_id: int, file_id: int):
    record = queries.get_visible(request.user, record_id)
    item = record.files.filter(pk=file_id).first()
    if item is None:
        raise NotFound("未找到该文件")
    return records.file_response(item)
