"""A document's life: drafting, 保密审查, publication, withdrawal, validity, new versions and
attachments. Each function takes the acting user as `by=`, checks the role in scope, then changes
the document through `workflow.transition` (lock, version, the state per `Document.workflow`, the
audit event, one transaction); a caller that sends the `version` it read gets a 409 if somebody
changed the document since."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zhengwu.core import audit, clock, workflow
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

# The actions of `Document.workflow`: audit event, permission rule and row of the table.
EDIT = "disclosure.document.edit"
SUBMIT = "disclosure.document.submit"
RETURN = "disclosure.document.return"
PUBLISH = "disclosure.document.publish"
WITHDRAW = "disclosure.document.withdraw"
VALIDITY = "disclosure.document.validity"
NEW_VERSION = "disclosure.document.new_version"
RELATED = ("agency__jurisdiction",)  # the §26 clock and the search index read them


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
        flag = data.get("proactive", True)
        if isinstance(flag, str):
            flag = flag.strip().lower() not in ("", "0", "false", "否", "off", "no")
        out["proactive"] = bool(flag)
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


def _save_version(doc: Document, *, by, note: str, first: bool = False) -> None:
    """Keep the document's fields as this edition (第N版: 1 for the draft, then one more for each
    saved change of its content), inside the change's transaction."""
    number = 1
    if not first:
        number += doc.versions.aggregate(last=Max("number"))["last"] or 0
    DocumentVersion.objects.create(
        document=doc,
        number=number,
        data=audit.snapshot(doc, SNAPSHOT),
        note=note,
        created_by=by if getattr(by, "pk", None) else None,
    )


def publication_clock(doc: Document) -> Clock | None:
    return clock.clocks_of(doc).filter(purpose=CLOCK_PURPOSE).order_by("-id").first()


def start_publication_clock(doc: Document, *, since: dt.date | None = None) -> Clock:
    running = prepare_publication_clock(doc, since=since)
    running.save()
    return running


def prepare_publication_clock(doc: Document, *, since: dt.date | None = None) -> Clock:
    """The §26 clock of `doc`, not saved yet (an import saves a batch of them at once).

    条例 §26: 20 working days from the day the information is created or changed (the day itself
    not counted) — its 生成日期, or `since`: the day a body decided that information it held
    becomes proactive (a §44 proposal or a §18 review deciding to publish)."""
    return clock.new(
        doc,
        purpose=CLOCK_PURPOSE,
        started_on=since or doc.created_on,
        limit=PUBLICATION_LIMIT,
        unit=Clock.WORKDAYS,
        jurisdiction_code=doc.agency.jurisdiction.code,
        scope_path=doc.scope_path,
        agency_id=doc.agency_id,
    )


def create_draft(agency: Agency, data: dict, *, by, clock_since: dt.date | None = None) -> Document:
    """Draft a document (草稿); its §26 clock starts from the 生成日期 if it is in the proactive
    scope, or from `clock_since` (the day a decision made held information proactive)."""
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
        _save_version(doc, by=by, note="起草", first=True)
        if doc.proactive:
            start_publication_clock(doc, since=clock_since)
        audit.record(
            "disclosure.document.create", doc, actor=by, after=audit.snapshot(doc, SNAPSHOT)
        )
    return doc


def edit_draft(doc: Document, data: dict, *, by, version=None) -> Document:
    """Change a draft (or a returned one); every save is a new edition."""
    permissions.require(by, EDIT, agency_id=doc.agency.pk, path=doc.agency.scope_path)
    fields = clean(doc.agency, data, partial=True)
    with workflow.transition(doc, EDIT, by=by, version=version, related=RELATED) as c:
        locked = c.obj
        old_created, old_proactive = locked.created_on, locked.proactive
        for name, value in fields.items():
            setattr(locked, name, value)
        _save_version(locked, by=by, note="修改草稿")
        _follow_clock(locked, old_created, old_proactive)
    return doc


def _follow_clock(doc: Document, old_created: dt.date, old_proactive: bool) -> None:
    running = publication_clock(doc)
    if running and running.state == Clock.STOPPED:
        running = None
    if doc.proactive and running is None:
        start_publication_clock(doc)
    elif not doc.proactive and running is not None:
        clock.stop(running, on=timezone.localdate())
    elif (
        running is not None and doc.created_on != old_created and running.started_on == old_created
    ):
        # A clock that runs from a decision (clock_since: §44, §18) is not the 生成日期's.
        clock.restart(running, on=doc.created_on)


def _require(by, action: str, doc: Document) -> None:
    permissions.require(by, action, agency_id=doc.agency.pk, path=doc.agency.scope_path)


def submit(doc: Document, *, by, version=None) -> Document:
    """Send a draft to 保密审查 (条例 §17: review before publication)."""
    _require(by, SUBMIT, doc)
    with workflow.transition(doc, SUBMIT, by=by, version=version) as c:
        locked = c.obj
        locked.status_reason, locked.updated_at = "", timezone.now()
    return doc


def return_for_changes(doc: Document, reason: str, *, by, version=None) -> Document:
    """保密审查 not passed: back to the drafter with the reason."""
    _require(by, RETURN, doc)
    reason = _reason(reason)
    with workflow.transition(doc, RETURN, by=by, version=version) as c:
        locked = c.obj
        locked.status_reason, locked.updated_at = reason, timezone.now()
    return doc


def publish(doc: Document, *, by, on: dt.date | None = None, version=None) -> Document:
    """保密审查 passed: publish. Stops the §26 clock and flags a publication after its due date."""
    _require(by, PUBLISH, doc)
    on = on or timezone.localdate()
    with workflow.transition(doc, PUBLISH, by=by, version=version, related=RELATED) as c:
        locked = c.obj
        if on < locked.created_on:
            raise Invalid("发布日期不能早于生成日期", code="published_before_created", field="on")
        running = publication_clock(locked)
        if running is not None and running.state != Clock.STOPPED:
            locked.published_late = bool(running.due_date and on > running.due_date)
            clock.stop(running, on=on)
        locked.published_on, locked.status_reason = on, ""
        locked.status, locked.updated_at = Document.PUBLISHED, timezone.now()
        search.changed(locked)
    return doc


def withdraw(doc: Document, reason: str, *, by, version=None) -> Document:
    """撤回: take a published document off every public page, with the reason kept."""
    _require(by, WITHDRAW, doc)
    reason = _reason(reason)
    with workflow.transition(doc, WITHDRAW, by=by, version=version, related=RELATED) as c:
        locked = c.obj
        locked.status_reason, locked.updated_at = reason, timezone.now()
        locked.status = Document.WITHDRAWN
        search.removed(locked)
    return doc


def change_validity(
    doc: Document,
    validity: str,
    reason: str,
    *,
    by,
    replaced_by: Document | None = None,
    on: dt.date | None = None,
    version=None,
) -> Document:
    """Repeal, amend or expire a published document (有效性), linking the replacing document."""
    _require(by, VALIDITY, doc)
    if validity not in dict(Document.VALIDITIES) or validity == Document.VALID:
        raise Invalid("有效性应为已修改、已废止或已失效", code="validity_invalid", field="validity")
    reason = _reason(reason)
    on = on or timezone.localdate()
    with workflow.transition(doc, VALIDITY, by=by, version=version, related=RELATED) as c:
        locked = c.obj
        if replaced_by is not None:
            if replaced_by.pk == locked.pk:
                raise Invalid("替代文件不能是本文件", code="replaced_by_self", field="replaced_by")
            if replaced_by.status != Document.PUBLISHED:
                raise Invalid(
                    "替代文件须为已发布文件", code="replaced_by_unpublished", field="replaced_by"
                )
        locked.validity, locked.validity_reason = validity, reason
        locked.validity_changed_on, locked.replaced_by = on, replaced_by
        search.changed(locked)
    return doc


def new_version(doc: Document, data: dict, note: str, *, by, version=None) -> Document:
    """A corrected edition of a published document: it stays published, the old one is kept."""
    _require(by, NEW_VERSION, doc)
    fields = clean(doc.agency, data, partial=True)
    fields.pop("created_on", None)  # the 生成日期 of a published document does not move
    note = _reason(note, what="修订说明")
    with workflow.transition(doc, NEW_VERSION, by=by, version=version, related=RELATED) as c:
        locked = c.obj
        for name, value in fields.items():
            setattr(locked, name, value)
        _save_version(locked, by=by, note=note)
        search.changed(locked)
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
