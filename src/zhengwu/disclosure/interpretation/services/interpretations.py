"""政策解读: drafted beside its policy document (谁起草、谁解读), reviewed, published within
ZHENGWU_INTERPRETATION_WORKDAYS working days of the document's 发布日期 (三同步, `rules`), and
withdrawn. Each function takes the acting user as `by=`, checks the role in scope and changes the
record through `workflow.transition` (lock, version, state, audit event, one transaction)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from urllib.parse import urlparse

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhengwu.core import audit, workflow
from zhengwu.core.errors import Conflict, Invalid
from zhengwu.disclosure.models import Document
from zhengwu.org import permissions

from .. import rules, search
from ..models import Interpretation
from ._common import public_changed, reason, text

CREATE = "disclosure_interpretation.create"
EDIT = "disclosure_interpretation.edit"
REMOVE_IMAGE = "disclosure_interpretation.remove_image"
SUBMIT = "disclosure_interpretation.submit"
RETURN = "disclosure_interpretation.return"
PUBLISH = "disclosure_interpretation.publish"
WITHDRAW = "disclosure_interpretation.withdraw"
FIELDS = ["title", "form", "body", "video_url", "qa"]
IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg", b"GIF8": "gif"}


def parse_qa(value) -> list[dict]:
    """Q&A as a list of {q, a}, or as typed: lines beginning 问：and 答：."""
    if isinstance(value, list):
        pairs = [
            {"q": str(p.get("q", "")).strip(), "a": str(p.get("a", "")).strip()}
            for p in value
            if isinstance(p, dict)
        ]
    else:
        pairs, current = [], None
        for line in str(value or "").splitlines():
            line = line.strip()
            m = re.match(r"^(问|答)\s*[：:]\s*(.*)$", line)
            if m and m.group(1) == "问":
                current = {"q": m.group(2), "a": ""}
                pairs.append(current)
            elif m:
                if current is None:
                    raise Invalid("问答应以“问：”开头", code="qa_invalid", field="qa")
                current["a"] = (current["a"] + "\n" + m.group(2)).strip()
            elif line and current is not None:
                key = "a" if current["a"] else "q"
                current[key] = (current[key] + "\n" + line).strip()
            elif line:
                raise Invalid("问答应以“问：”开头", code="qa_invalid", field="qa")
    for n, p in enumerate(pairs, 1):
        if not p["q"] or not p["a"]:
            raise Invalid(f"第{n}组问答缺少问题或回答", code="qa_incomplete", field="qa")
        if len(p["q"]) > 500 or len(p["a"]) > 5000:
            raise Invalid(f"第{n}组问答过长", code="qa_too_long", field="qa")
    return pairs


def qa_text(pairs: list[dict]) -> str:
    return "\n".join(f"问：{p['q']}\n答：{p['a']}" for p in pairs or [])


def clean(data: dict, *, partial: bool = False) -> dict:
    out: dict = {}
    if not partial or "title" in data:
        out["title"] = text(data, "title", "解读标题", limit=200)
    if not partial or "form" in data:
        form = str(data.get("form") or Interpretation.TEXT).strip()
        if form not in dict(Interpretation.FORMS):
            raise Invalid("解读形式不在可选范围内", code="form_invalid", field="form")
        out["form"] = form
    if not partial or "body" in data:
        out["body"] = text(data, "body", "解读正文", limit=50_000, required=False)
    if not partial or "video_url" in data:
        url = text(data, "video_url", "视频地址", limit=200, required=False)
        if url and (urlparse(url).scheme not in ("http", "https") or not urlparse(url).netloc):
            raise Invalid(
                "视频地址应为以http://或https://开头的网址",
                code="video_url_invalid",
                field="video_url",
            )
        out["video_url"] = url
    if not partial or "qa" in data:
        out["qa"] = parse_qa(data.get("qa"))
    return out


def _image(upload) -> tuple[str, bytes] | None:
    if upload is None:
        return None
    if upload.size > settings.ZHENGWU_MAX_UPLOAD_BYTES:
        raise Invalid("图解图片过大", code="image_too_large", field="image")
    data = upload.read()
    ext = next((e for sig, e in IMAGE_SIGNATURES.items() if data.startswith(sig)), None)
    if ext is None:
        raise Invalid("图解只能上传PNG、JPEG或GIF图片", code="image_type", field="image")
    return f"{hashlib.sha256(data).hexdigest()[:16]}.{ext}", data


def _require(by, action: str, agency_id: int, path: str) -> None:
    permissions.require(by, action, agency_id=agency_id, path=path)


def create(document: Document, data: dict, *, by, image=None) -> Interpretation:
    """Draft an interpretation of `document` (any status but withdrawn: 三同步 drafts it with the
    document), by its own body's staff."""
    _require(by, CREATE, document.agency_id, document.scope_path)
    if document.status == Document.WITHDRAWN:
        raise Conflict("该文件已撤回，不能再起草解读", code="document_withdrawn")
    fields = clean(data)
    picture = _image(image)
    with transaction.atomic():
        i = Interpretation(
            document=document,
            agency_id=document.agency_id,
            scope_path=document.scope_path,
            created_by=by if getattr(by, "pk", None) else None,
            **fields,
        )
        if picture:
            i.image.save(picture[0], ContentFile(picture[1]), save=False)
        i.save()
        audit.record(CREATE, i, actor=by, after=audit.snapshot(i, [*FIELDS, "document"]))
    return i


def edit(i: Interpretation, data: dict, *, by, image=None, version=None) -> Interpretation:
    _require(by, EDIT, i.agency_id, i.scope_path)
    fields = clean(data, partial=True)
    picture = _image(image)
    with workflow.transition(i, EDIT, by=by, version=version) as c:
        for name, value in fields.items():
            setattr(c.obj, name, value)
        if picture:
            c.obj.image.save(picture[0], ContentFile(picture[1]), save=False)
    return i


def remove_image(i: Interpretation, *, by, version=None) -> Interpretation:
    """Take the 图解 off a draft (a wrong or outdated picture); the audit event keeps the file's
    name, and the file leaves storage once the change is committed."""
    _require(by, REMOVE_IMAGE, i.agency_id, i.scope_path)
    with workflow.transition(i, REMOVE_IMAGE, by=by, version=version) as c:
        if not c.obj.image:
            raise Conflict("该解读没有上传图解，无需删除", code="no_image")
        storage, name = c.obj.image.storage, str(c.obj.image.name)
        c.obj.image = ""
        transaction.on_commit(lambda: storage.delete(name))
    return i


def submit(i: Interpretation, *, by, version=None) -> Interpretation:
    _require(by, SUBMIT, i.agency_id, i.scope_path)
    with workflow.transition(i, SUBMIT, by=by, version=version) as c:
        locked = c.obj
        if not (locked.body or locked.qa or locked.image or locked.video_url):
            raise Invalid(
                "解读内容为空：请填写解读正文或问答，或上传图解、填写视频地址",
                code="interpretation_empty",
            )
        locked.status_reason = ""
    return i


def return_for_changes(i: Interpretation, why: str, *, by, version=None) -> Interpretation:
    _require(by, RETURN, i.agency_id, i.scope_path)
    why = reason(why, what="退回理由")
    with workflow.transition(i, RETURN, by=by, version=version) as c:
        c.obj.status_reason = why
    return i


def publish(i: Interpretation, *, by, on: dt.date | None = None, version=None) -> Interpretation:
    """审核发布: only once the document is published (the interpretation's page links to it); due
    ZHENGWU_INTERPRETATION_WORKDAYS working days after the document's 发布日期, later is 逾期发布."""
    _require(by, PUBLISH, i.agency_id, i.scope_path)
    on = on or timezone.localdate()
    with workflow.transition(
        i, PUBLISH, by=by, version=version, related=("document__agency__jurisdiction", "agency")
    ) as c:
        locked = c.obj
        doc = locked.document
        if doc.status != Document.PUBLISHED or doc.published_on is None:
            raise Conflict(
                "政策文件尚未发布：请先发布文件，再发布其解读", code="document_not_published"
            )
        if on < doc.published_on:
            raise Invalid("解读的发布日期不能早于文件的发布日期", code="published_before_document")
        locked.due_on = rules.interpretation_due(doc.published_on, doc.agency.jurisdiction.code)
        locked.published_on, locked.published_late = on, on > locked.due_on
        locked.status_reason = ""
        search.changed(locked)
        public_changed()
    return i


def withdraw(i: Interpretation, why: str, *, by, version=None) -> Interpretation:
    _require(by, WITHDRAW, i.agency_id, i.scope_path)
    why = reason(why, what="撤回理由")
    with workflow.transition(i, WITHDRAW, by=by, version=version) as c:
        c.obj.status_reason = why
        search.removed(c.obj)
        public_changed()
    return i
