"""A document's life: drafting, 保密审查, publication, withdrawal, validity, new versions and
attachments. Each function takes the acting user as `by=`, checks the role in scope, changes rows
and appends the audit event in one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhengwu.core import audit, clock
from zhengwu.core.errors import Conflict, Invalid
from zhengwu.core.models import Clock
from zhengwu.org import permissions
from zhengwu.org.models import Agency

from .. import files, search
from ..models import (
    TOPICS,
    Attachment,
    Column,
    Document,
    DocumentVersion,
)
from ._common import CLOCK_PURPOSE, PUBLICATION_LIMIT, SNAPSHOT
from .index import next_index_no


def parse_date(value, field: str, label: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        raise Invalid(f"请填写{label}", code=f"{field}_required", field=field)
    try:
        return dt.date.fromisoformat(text.replace("/", "-"))
    except ValueError:
        raise Invalid(
            f"{label}格式不正确，应为YYYY-MM-DD，例如2025-03-18",
            code=f"{field}_invalid",
            field=field,
        ) from None


def clean(
    agency: Agency, data: dict, *, partial: bool = False, columns: dict[str, int] | None = None
) -> dict:
    """Validated document fields from a form, the API or an import row (Chinese errors).
    `columns` (code → id of the agency's columns) saves a query per row on an import."""
    out: dict = {}
    if not partial or "title" in data:
        title = str(data.get("title") or "").strip()
        if not title:
            raise Invalid("请填写名称（标题）", code="title_required", field="title")
        if len(title) > 300:
            raise Invalid("名称不能超过300字", code="title_too_long", field="title")
        out["title"] = title
    if not partial or "created_on" in data:
        created = parse_date(data.get("created_on"), "created_on", "生成日期")
        if created > timezone.localdate():
            raise Invalid("生成日期不能晚于今天", code="created_in_future", field="created_on")
        if created.year < 2000:
            raise Invalid("生成日期不能早于2000年", code="created_too_early", field="created_on")
        out["created_on"] = created
    for name, label, limit in [
        ("summary", "内容概述", 5000),
        ("doc_number", "文号", 80),
        ("keywords", "关键词", 200),
        ("body", "正文", 500_000),
    ]:
        if not partial or name in data:
            value = str(data.get(name) or "").strip()
            if len(value) > limit:
                raise Invalid(f"{label}不能超过{limit}字", code=f"{name}_too_long", field=name)
            out[name] = value
    if not partial or "topic" in data:
        topic = str(data.get("topic") or "综合政务").strip()
        if topic not in TOPICS:
            raise Invalid(f"主题分类“{topic}”不在分类表中", code="topic_invalid", field="topic")
        out["topic"] = topic
    if not partial or "genre" in data:
        genre = str(data.get("genre") or "其他文件").strip()
        if genre not in dict(Document.GENRES):
            raise Invalid(f"体裁“{genre}”不在体裁表中", code="genre_invalid", field="genre")
        out["genre"] = genre
    if not partial or "proactive" in data:
        value = data.get("proactive", True)
        if isinstance(value, str):
            value = value.strip().lower() not in ("", "0", "false", "否", "off", "no")
        out["proactive"] = bool(value)
    if not partial or "column" in data:
        code = str(data.get("column") or "").strip()
        if code:
            if columns is None:
                column_id = (
                    Column.objects.filter(agency=agency, code=code).values_list("pk", flat=True)
                ).first()
            else:
                column_id = columns.get(code)
            if column_id is None:
                raise Invalid(
                    f"本单位没有代码为“{code}”的栏目", code="column_invalid", field="column"
                )
            out["column_id"] = column_id
        else:
            out["column_id"] = None
    return out


def _save_version(doc: Document, *, by, note: str) -> None:
    DocumentVersion.objects.create(
        document=doc,
        number=doc.version,
        data=audit.snapshot(doc, SNAPSHOT),
        note=note,
        created_by=by if getattr(by, "pk", None) else None,
    )


def publication_clock(doc: Document) -> Clock | None:
    return clock.clocks_of(doc).filter(purpose=CLOCK_PURPOSE).order_by("-id").first()


def start_publication_clock(doc: Document) -> Clock:
    running = prepare_publication_clock(doc)
    running.save()
    return running


def prepare_publication_clock(doc: Document) -> Clock:
    """The §26 clock of `doc`, not saved yet (an import saves a batch of them at once)."""
    # 条例 §26: 20 working days from the day the information is created (the day itself not counted).
    return clock.new(
        doc,
        purpose=CLOCK_PURPOSE,
        started_on=doc.created_on,
        limit=PUBLICATION_LIMIT,
        unit=Clock.WORKDAYS,
        jurisdiction_code=doc.agency.jurisdiction.code,
        scope_path=doc.scope_path,
        agency_id=doc.agency_id,
    )


def create_draft(agency: Agency, data: dict, *, by) -> Document:
    """Draft a document (草稿); its §26 clock starts from the 生成日期 if it is in the proactive scope."""
    permissions.require(
        by, "disclosure.document.create", agency_id=agency.pk, path=agency.scope_path
    )
    fields = clean(agency, data)
    with transaction.atomic():
        doc = Document(
            agency=agency,
            scope_path=agency.scope_path,
            index_no=next_index_no(agency, fields["created_on"].year),
            created_by=by if getattr(by, "pk", None) else None,
            **fields,
        )
        doc.save()
        _save_version(doc, by=by, note="起草")
        if doc.proactive:
            start_publication_clock(doc)
        audit.record(
            "disclosure.document.create", doc, actor=by, after=audit.snapshot(doc, SNAPSHOT)
        )
    return doc


def _locked(doc: Document) -> Document:
    return (
        Document.objects.select_for_update().select_related("agency__jurisdiction").get(pk=doc.pk)
    )


def edit_draft(doc: Document, data: dict, *, by) -> Document:
    """Change a draft (or a returned one); every save is a new version."""
    permissions.require(
        by, "disclosure.document.edit", agency_id=doc.agency.pk, path=doc.agency.scope_path
    )
    fields = clean(doc.agency, data, partial=True)
    with transaction.atomic():
        doc = _locked(doc)
        if doc.status != Document.DRAFT:
            raise Conflict("只有草稿可以修改；已发布的文件请使用“发布新版本”", code="not_draft")
        before = audit.snapshot(doc, SNAPSHOT)
        old_created, old_proactive = doc.created_on, doc.proactive
        for name, value in fields.items():
            setattr(doc, name, value)
        doc.version += 1
        doc.save()
        _save_version(doc, by=by, note="修改草稿")
        _follow_clock(doc, old_created, old_proactive)
        audit.record(
            "disclosure.document.edit",
            doc,
            actor=by,
            before=before,
            after=audit.snapshot(doc, SNAPSHOT),
        )
    return doc


def _follow_clock(doc: Document, old_created: dt.date, old_proactive: bool) -> None:
    running = publication_clock(doc)
    if running and running.state == Clock.STOPPED:
        running = None
    if doc.proactive and running is None:
        start_publication_clock(doc)
    elif not doc.proactive and running is not None:
        clock.stop(running, on=timezone.localdate())
    elif running is not None and doc.created_on != old_created:
        clock.restart(running, on=doc.created_on)


def _transition(
    doc: Document, *, by, frm: tuple, to: str, action: str, what: str, hook=None, **changes
) -> Document:
    """Move a document between statuses; `hook(doc)` runs inside the transaction before saving."""
    permissions.require(by, action, agency_id=doc.agency.pk, path=doc.agency.scope_path)
    fields = SNAPSHOT + ["status_reason", "published_late"]
    with transaction.atomic():
        doc = _locked(doc)
        if doc.status not in frm:
            raise Conflict(
                f"该文件当前状态为“{doc.get_status_display()}”，不能{what}", code="bad_state"
            )
        before = audit.snapshot(doc, fields)
        doc.status = to
        for name, value in changes.items():
            setattr(doc, name, value)
        if hook is not None:
            hook(doc)
        doc.save()
        audit.record(action, doc, actor=by, before=before, after=audit.snapshot(doc, fields))
    return doc


def submit(doc: Document, *, by) -> Document:
    """Send a draft to 保密审查 (条例 §17: review before publication)."""
    return _transition(
        doc,
        by=by,
        frm=(Document.DRAFT,),
        to=Document.REVIEW,
        action="disclosure.document.submit",
        what="提交保密审查",
        status_reason="",
    )


def return_for_changes(doc: Document, reason: str, *, by) -> Document:
    """保密审查 not passed: back to the drafter with the reason."""
    return _transition(
        doc,
        by=by,
        frm=(Document.REVIEW,),
        to=Document.DRAFT,
        action="disclosure.document.return",
        what="退回修改",
        status_reason=_reason(reason),
    )


def publish(doc: Document, *, by, on: dt.date | None = None) -> Document:
    """保密审查 passed: publish. Stops the §26 clock and flags a publication after its due date."""
    on = on or timezone.localdate()

    def stop_clock(doc: Document) -> None:
        if on < doc.created_on:
            raise Invalid("发布日期不能早于生成日期", code="published_before_created", field="on")
        running = publication_clock(doc)
        if running is not None and running.state != Clock.STOPPED:
            doc.published_late = bool(running.due_date and on > running.due_date)
            clock.stop(running, on=on)
        search.changed(doc)

    return _transition(
        doc,
        by=by,
        frm=(Document.REVIEW,),
        to=Document.PUBLISHED,
        action="disclosure.document.publish",
        what="审查发布",
        hook=stop_clock,
        published_on=on,
        status_reason="",
    )


def withdraw(doc: Document, reason: str, *, by) -> Document:
    """撤回: take a published document off every public page, with the reason kept."""
    return _transition(
        doc,
        by=by,
        frm=(Document.PUBLISHED,),
        to=Document.WITHDRAWN,
        action="disclosure.document.withdraw",
        what="撤回",
        hook=search.removed,
        status_reason=_reason(reason),
    )


def change_validity(
    doc: Document,
    validity: str,
    reason: str,
    *,
    by,
    replaced_by: Document | None = None,
    on: dt.date | None = None,
) -> Document:
    """Repeal, amend or expire a published document (有效性), linking the replacing document."""
    permissions.require(
        by, "disclosure.document.validity", agency_id=doc.agency.pk, path=doc.agency.scope_path
    )
    if validity not in dict(Document.VALIDITIES) or validity == Document.VALID:
        raise Invalid("有效性应为已修改、已废止或已失效", code="validity_invalid", field="validity")
    reason = _reason(reason)
    on = on or timezone.localdate()
    with transaction.atomic():
        doc = _locked(doc)
        if doc.status != Document.PUBLISHED:
            raise Conflict("只有已发布的文件可以变更有效性", code="bad_state")
        if replaced_by is not None:
            if replaced_by.pk == doc.pk:
                raise Invalid("替代文件不能是本文件", code="replaced_by_self", field="replaced_by")
            if replaced_by.status != Document.PUBLISHED:
                raise Invalid(
                    "替代文件须为已发布文件", code="replaced_by_unpublished", field="replaced_by"
                )
        before = audit.snapshot(doc, SNAPSHOT + ["validity_reason", "replaced_by_id"])
        doc.validity = validity
        doc.validity_reason = reason
        doc.validity_changed_on = on
        doc.replaced_by = replaced_by
        doc.save()
        audit.record(
            "disclosure.document.validity",
            doc,
            actor=by,
            before=before,
            after=audit.snapshot(doc, SNAPSHOT + ["validity_reason", "replaced_by_id"]),
        )
        search.changed(doc)
    return doc


def new_version(doc: Document, data: dict, note: str, *, by) -> Document:
    """A corrected version of a published document: it stays published, the old version is kept."""
    permissions.require(
        by, "disclosure.document.new_version", agency_id=doc.agency.pk, path=doc.agency.scope_path
    )
    fields = clean(doc.agency, data, partial=True)
    fields.pop("created_on", None)  # the 生成日期 of a published document does not move
    note = _reason(note, what="修订说明")
    with transaction.atomic():
        doc = _locked(doc)
        if doc.status != Document.PUBLISHED:
            raise Conflict("只有已发布的文件可以发布新版本", code="bad_state")
        before = audit.snapshot(doc, SNAPSHOT)
        for name, value in fields.items():
            setattr(doc, name, value)
        doc.version += 1
        doc.save()
        _save_version(doc, by=by, note=note)
        audit.record(
            "disclosure.document.new_version",
            doc,
            actor=by,
            before=before,
            after=audit.snapshot(doc, SNAPSHOT),
        )
        search.changed(doc)
    return doc


def _reason(text: str, *, what: str = "理由") -> str:
    text = (text or "").strip()
    if not text:
        raise Invalid(f"请填写{what}", code="reason_required", field="reason")
    if len(text) > 300:
        raise Invalid(f"{what}不能超过300字", code="reason_too_long", field="reason")
    return text


def add_attachment(doc: Document, name: str, data: bytes, *, by) -> Attachment:
    """An attachment, accepted only if its bytes are PDF, OFD, DOCX, XLSX or an image, within the size limit."""
    permissions.require(
        by, "disclosure.attachment.add", agency_id=doc.agency.pk, path=doc.agency.scope_path
    )
    kind = files.checked(data)
    doc = Document.objects.select_related("agency", "column").get(pk=doc.pk)
    if doc.status == Document.WITHDRAWN:
        raise Conflict("已撤回的文件不能再上传附件", code="bad_state")
    display = (name or "附件").replace("/", "_").replace("\\", "_").strip()[:200] or "附件"
    with transaction.atomic():
        att = Attachment(
            document=doc,
            original_name=display,
            content_type=kind[0],
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            text=files.extract_text(kind, data),
        )
        att.file.save(f"{uuid.uuid4().hex}{kind[1]}", ContentFile(data), save=False)
        att.save()
        audit.record(
            "disclosure.attachment.add",
            att,
            actor=by,
            after=audit.snapshot(
                att, ["document_id", "original_name", "content_type", "size", "sha256"]
            ),
        )
        if doc.status == Document.PUBLISHED:
            search.changed(doc)
    return att
