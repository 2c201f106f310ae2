"""A 公文 becomes 主动公开: registered as such, or decided by a §18 review. It goes into the
主动公开 pipeline as a draft (保密审查 then publication, disclosure/services/documents.py) with
its files as attachments, and the 条例 §26 clock runs from the day of the decision: the 20
working days of information "created or changed" — here, changed into the proactive scope."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zhengwu.disclosure import services as documents
from zhengwu.disclosure.models import Document

from ..models import OfficialDocument

SUMMARY_LIMIT = 5000


def to_proactive(record: OfficialDocument, *, by, since: dt.date) -> Document:
    """The 主动公开 draft of `record`, created once (a second call returns the first draft).

    Its 生成日期 stays the 成文日期 (the catalogue shows when the information was made); its
    §26 clock starts from `since`. The record's files follow as attachments; a secret record
    never reaches here (its release is decided first, 保密法 §20)."""
    if record.document is not None:
        return record.document
    with transaction.atomic():
        doc = documents.create_draft(
            record.agency,
            {
                "title": record.title,
                "created_on": record.written_on,
                "doc_number": record.doc_number,
                "summary": f"{record.issuing_body}{record.doc_type}"[:SUMMARY_LIMIT],
                "proactive": True,
            },
            by=by,
            clock_since=since,
        )
        for f in record.files.all():
            with f.file.open("rb") as stream:
                documents.add_attachment(doc, f.original_name, stream.read(), by=by)
        OfficialDocument.objects.filter(pk=record.pk).update(document=doc)
        record.document = doc
    return doc
