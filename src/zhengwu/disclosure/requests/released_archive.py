"""Answering a request from the 公文库: the officer finds one of the body's records by title or
发文字号 and attaches it — the link to its published document when it has one, else a copy of its
files. Only 主动公开 and 依申请公开 records; never a state secret or a 不予公开 record."""

from __future__ import annotations

import hashlib
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q

from zhengwu.core import audit
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.disclosure import files
from zhengwu.disclosure.archive.models import OfficialDocument
from zhengwu.disclosure.models import Document

from .annual import agencies_covered
from .models import ReleasedItem, Request
from .released import MAX_ITEMS, _after, _require

GIVEN = [OfficialDocument.PROACTIVE, OfficialDocument.ON_REQUEST]
ACTION = "disclosure_request.released_attached"


def records(req: Request):
    """The body's records the picker offers (a government's: its own and its departments')."""
    return (
        OfficialDocument.objects.filter(agency_id__in=agencies_covered(req.agency))
        .filter(attribute__in=GIVEN, secrecy=OfficialDocument.NONE)
        .order_by("-written_on", "-id")
    )


def search(req: Request, text: str, limit: int = 20) -> list[OfficialDocument]:
    text = (text or "").strip()[:100]
    if not text:
        return []
    found = records(req).filter(Q(title__icontains=text) | Q(doc_number__icontains=text))
    return list(found.select_related("document")[:limit])


def _refusal(rec: OfficialDocument) -> str:
    if rec.is_secret:
        return f"《{rec.title}》属于国家秘密，不能随答复提供"
    if rec.attribute == OfficialDocument.WITHHELD:
        return (
            f"《{rec.title}》的公开属性为不予公开，不能随答复提供；"
            "情况已变化的，请先通过动态调整审查变更其公开属性"
        )
    return ""


def _title(rec: OfficialDocument) -> str:
    return f"{rec.title}（{rec.doc_number}）" if rec.doc_number else rec.title


@transaction.atomic
def attach_record(req: Request, *, record_id, by) -> list[ReleasedItem]:
    """The record's published document as a link, or its files copied as released files."""
    _require(req, by, ACTION, "添加随答复提供的信息")
    try:
        pk = int(record_id)
    except (TypeError, ValueError):
        raise Invalid("请选择公文库中的公文", code="record_required", field="record") from None
    rec = (
        OfficialDocument.objects.filter(pk=pk, agency_id__in=agencies_covered(req.agency))
        .select_related("document")
        .first()
    )
    if rec is None:
        raise NotFound("本机关公文库中没有该公文", code="record_not_found", field="record")
    refused = _refusal(rec)
    if refused:
        raise Invalid(refused, code="record_not_releasable", field="record")
    if req.released_items.filter(record=rec).exists():
        raise Invalid(f"《{rec.title}》已添加", code="record_attached", field="record")
    doc = rec.document
    linked = doc is not None and doc.status == Document.PUBLISHED
    needed = 1 if linked else rec.files.count()
    if req.released_items.count() + needed > MAX_ITEMS:
        raise Invalid(f"随答复提供的信息最多{MAX_ITEMS}项", code="too_many_items")
    if doc is not None and linked:
        if req.released_items.filter(document=doc).exists():
            raise Invalid(f"《{doc.title}》已添加", code="document_linked", field="record")
        made = [
            ReleasedItem(
                request=req,
                record=rec,
                document=doc,
                title=doc.title[:300],
                index_no=doc.index_no,
                added_by=by,
            )  # fmt: skip
        ]
    else:
        made = _copies(req, rec, by)
    for item in made:
        item.save()
        audit.record(ACTION, req, actor=by, after=_after(item) | {"doc_number": rec.doc_number})
    return made


def _copies(req: Request, rec: OfficialDocument, by) -> list[ReleasedItem]:
    stored = list(rec.files.all())
    if not stored:
        raise Invalid(
            f"《{rec.title}》在公文库中没有文件，请先上传正文，或以其他方式提供",
            code="record_without_file",
            field="record",
        )
    out = []
    for n, f in enumerate(stored, 1):
        with f.file.open("rb") as stream:
            data = stream.read()
        kind = files.checked(data, what="公文文件", field="record")
        title = _title(rec) if n == 1 else f"{_title(rec)}附件{n - 1}"
        item = ReleasedItem(
            request=req,
            record=rec,
            title=title[:300],
            content_type=kind[0],
            size=len(data),
            pages=files.page_count(kind, data),
            sha256=hashlib.sha256(data).hexdigest(),
            added_by=by,
        )
        item.file.save(f"{uuid.uuid4().hex}{kind[1]}", ContentFile(data), save=False)
        out.append(item)
    return out
