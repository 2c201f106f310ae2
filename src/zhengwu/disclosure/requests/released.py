"""The information released with an answer (条例 §36(一)(二), §37, §40): files the officer
uploads and links to documents already published, attached before the answer is issued; the
answer letter's list of them and how they reach the applicant by the method they chose; who may
download them (the applicant, after the answer; the handlers)."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from zhengwu.core import audit
from zhengwu.core.errors import Invalid, NotFound
from zhengwu.disclosure import files
from zhengwu.disclosure.models import Document
from zhengwu.org import permissions

from . import rules
from .annual import agencies_covered
from .models import ReleasedItem, Request

MAX_ITEMS = 50
KIND_NAMES = {
    files.PDF[0]: "PDF文件",
    files.OFD[0]: "OFD文件",
    files.DOCX[0]: "Word文件",
    files.XLSX[0]: "Excel表格",
    files.PNG[0]: "图片",
    files.JPEG[0]: "图片",
    files.GIF[0]: "图片",
}
EXTENSIONS = {kind[0]: kind[1] for kind in (files.PDF, files.OFD, files.DOCX, files.XLSX)} | {
    files.PNG[0]: ".png",
    files.JPEG[0]: ".jpg",
    files.GIF[0]: ".gif",
}


KNOWN_EXTENSIONS = {*EXTENSIONS.values(), ".jpeg", ".doc", ".xls", ".wps"}


def _require(req: Request, by, action: str, what: str) -> None:
    permissions.require(by, action, agency_id=req.agency_id, path=req.scope_path)
    if not req.is_open:
        raise Invalid(f"答复已作出，不能再{what}", code="already_answered")


def _room(req: Request) -> None:
    if req.released_items.count() >= MAX_ITEMS:
        raise Invalid(f"随答复提供的信息最多{MAX_ITEMS}项", code="too_many_items")


def _after(item: ReleasedItem) -> dict:
    return {
        "released": item.pk,
        "title": item.title,
        "document": item.document_id,
        "sha256": item.sha256,
        "size": item.size,
    }


@transaction.atomic
def attach_file(req: Request, *, name: str, data: bytes, title: str = "", by) -> ReleasedItem:
    """An uploaded file (PDF, OFD, DOCX, XLSX or an image, read from its bytes, within
    ZHENGWU_MAX_UPLOAD_BYTES), stored under a name the server makes."""
    _require(req, by, "disclosure_request.released_attached", "添加随答复提供的信息")
    kind = files.checked(data, what="文件")
    _room(req)
    display = (name or "").replace("/", "_").replace("\\", "_").strip()
    stem, dot, ext = display.rpartition(".")
    if dot and stem and f".{ext.lower()}" in KNOWN_EXTENSIONS:
        display = stem  # the letter names the kind: “预算（PDF文件，12页）”
    title = (title or "").strip() or display or "随答复提供的文件"
    item = ReleasedItem(
        request=req,
        title=title[:300],
        content_type=kind[0],
        size=len(data),
        pages=files.page_count(kind, data),
        sha256=hashlib.sha256(data).hexdigest(),
        added_by=by,
    )
    item.file.save(f"{uuid.uuid4().hex}{kind[1]}", ContentFile(data), save=False)
    item.save()
    audit.record("disclosure_request.released_attached", req, actor=by, after=_after(item))
    return item


def linkable(req: Request):
    """The picker's documents: those published by the request's agency (a government's: its
    own and its departments')."""
    return Document.objects.filter(
        status=Document.PUBLISHED, agency_id__in=agencies_covered(req.agency)
    ).order_by("-published_on", "-id")


def search_linkable(req: Request, text: str, limit: int = 20) -> list[Document]:
    text = (text or "").strip()[:100]
    if not text:
        return []
    return list(linkable(req).filter(title__icontains=text)[:limit])


@transaction.atomic
def link_document(req: Request, *, document_id, by) -> ReleasedItem:
    """A link to a document already published (any body's: it is public); its title and 索引号
    are copied, as the letter names them."""
    _require(req, by, "disclosure_request.released_attached", "添加随答复提供的信息")
    try:
        pk = int(document_id)
    except (TypeError, ValueError):
        raise Invalid(
            "请选择已主动公开的文件", code="document_required", field="document"
        ) from None
    doc = Document.objects.filter(pk=pk, status=Document.PUBLISHED).first()
    if doc is None:
        raise NotFound("该文件不存在或未公开", code="document_not_published", field="document")
    if req.released_items.filter(document=doc).exists():
        raise Invalid(f"《{doc.title}》已添加", code="document_linked", field="document")
    _room(req)
    item = ReleasedItem.objects.create(
        request=req, document=doc, title=doc.title[:300], index_no=doc.index_no, added_by=by
    )
    audit.record("disclosure_request.released_attached", req, actor=by, after=_after(item))
    return item


@transaction.atomic
def remove(req: Request, item_id, *, by) -> None:
    """Take an item off before the answer is issued; its stored file is deleted after commit."""
    _require(req, by, "disclosure_request.released_removed", "移除随答复提供的信息")
    item = req.released_items.filter(pk=item_id if str(item_id).isdigit() else 0).first()
    if item is None:
        raise NotFound("未找到该项随答复提供的信息", code="item_not_found", field="item")
    before = _after(item)
    if item.file and item.file.name:
        storage, name = item.file.storage, item.file.name
        transaction.on_commit(lambda: storage.delete(name))
    item.delete()
    audit.record("disclosure_request.released_removed", req, actor=by, before=before)


def check_answer(req: Request, outcome: str, provided_otherwise: str) -> str:
    """An answer that provides information goes with it, or says how it is provided otherwise;
    one that provides none carries nothing. Returns the statement to keep."""
    info = rules.OUTCOME_BY_CODE[outcome]
    otherwise = (provided_otherwise or "").strip()[:2000]
    attached = req.released_items.exists()
    if not info.provides:
        if attached:
            raise Invalid(
                f"“{info.label}”的答复不提供信息，请先移除已添加的随答复提供的信息",
                code="released_not_expected",
                field="outcome",
            )
        return ""
    if not attached and not otherwise:
        raise Invalid(
            f"“{info.label}”的答复应当提供所申请的信息：请上传文件或添加已主动公开的文件；"
            "以其他方式提供的（如现场查阅），请写明方式、地点和时间",
            code="nothing_released",
            field="provided_otherwise",
        )
    return otherwise


def downloadable(req: Request) -> bool:
    """The applicant gets the files once the answer is issued, whatever the delivery method."""
    return req.status in (Request.ANSWERED, Request.ARCHIVED) and req.outcome in rules.PROVIDING


def get_file(req: Request, item_id: int) -> ReleasedItem:
    item = req.released_items.filter(pk=item_id, document__isnull=True).first()
    if item is None:
        raise NotFound("未找到该文件", code="item_not_found")
    return item


def download_name(item: ReleasedItem) -> str:
    ext = EXTENSIONS.get(item.content_type, "")
    return item.title if item.title.lower().endswith(ext) else item.title + ext


def document_url(item: ReleasedItem) -> str:
    return f"/xxgk/doc/{item.document_id}/"


# ---------------------------------------------------------------- the letter


def _size(n: int) -> str:
    return f"{max(1, round(n / 1024))}KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f}MB"


def describe(item: ReleasedItem) -> str:
    if item.is_file:
        extent = f"{item.pages}页" if item.pages else _size(item.size)
        return f"{item.title}（{KIND_NAMES.get(item.content_type, '文件')}，{extent}）"
    base = settings.ZHENGWU_PUBLIC_URL.rstrip("/")
    where = f"网址：{base}{document_url(item)}" if base else "可在本机关政府信息公开专栏查阅"
    index = f"索引号：{item.index_no}，" if item.index_no else ""
    return f"《{item.title}》（已主动公开，{index}{where}）"


def _place(req: Request) -> str:
    agency = req.agency
    office = agency.disclosure_office or agency.name
    return f"{office}（{agency.address}）" if agency.address else office


def page_rows(req: Request) -> list[dict]:
    """The items as the pages list them: each with the letter's description."""
    return [{"item": item, "text": describe(item)} for item in req.released_items.all()]


def delivery_sentence(req: Request) -> str:
    """How the files reach the applicant, by the method they chose (条例 §40)."""
    mine = "登录本平台在“我的申请”中下载，或" if req.account_id else ""
    online = "凭申请编号和查询码在“政府信息公开申请查询”页面下载"
    if req.delivery == "post":
        to = f"您的通信地址（{req.applicant_address}）" if req.applicant_address else "您的通信地址"
        return f"上述文件已打印，随本告知书邮寄至{to}；电子文件也可{mine}{online}。"
    if req.delivery == "pickup":
        return f"请携带本告知书和身份证件到{_place(req)}领取上述文件；电子文件也可{mine}{online}。"
    if req.delivery == "viewing":
        return f"请携带本告知书和身份证件到{_place(req)}当场阅读、抄录上述文件；电子文件也可{mine}{online}。"
    if req.delivery == "email" and req.applicant_email:
        return (
            f"上述文件已随本告知书发送至您的电子邮箱（{req.applicant_email}），也可{mine}{online}。"
        )
    return f"上述文件请{mine}{online}。"


def letter_lines(req: Request) -> list[str]:
    """The letter's paragraphs on what is provided and how."""
    info = req.outcome_info
    if info is None or not info.provides:
        return []
    items = list(req.released_items.all())
    lines = []
    if items:
        lines.append(
            "您可以通过以下途径获取该政府信息："
            if req.outcome == "already_public"
            else "随本告知书一并提供以下信息："
        )
        lines += [f"{n}. {describe(item)}" for n, item in enumerate(items, 1)]
        if any(item.is_file for item in items):
            lines.append(delivery_sentence(req))
    if req.provided_otherwise:
        lines.append(f"提供方式：{req.provided_otherwise}")
    return lines
