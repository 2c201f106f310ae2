"""The 政策解读 pieces shown on the 主动公开 pages (三同步): on the document's workbench page its
interpretations, the due date and the way to draft one; on its public page the links to them."""

from __future__ import annotations

from django import template
from django.utils import timezone

from zhengwu.disclosure.models import Document
from zhengwu.org import permissions

from .. import queries, rules
from ..models import Interpretation

register = template.Library()


@register.inclusion_tag("interpretation/_wb_document_panel.html", takes_context=True)
def interpretation_panel(context, doc: Document) -> dict:
    user = context["request"].user
    items = list(doc.interpretations.exclude(status=Interpretation.WITHDRAWN).order_by("id"))
    policy = queries.needs_interpretation(doc)
    due_on = None
    if doc.published_on:
        due_on = rules.interpretation_due(doc.published_on, doc.agency.jurisdiction.code)
    published = any(i.status == Interpretation.PUBLISHED for i in items)
    return {
        "doc": doc,
        "items": items,
        "policy": policy,
        "reminders": queries.reminders(doc),
        "due_on": due_on,
        "overdue": bool(due_on and not published and timezone.localdate() > due_on),
        "published": published,
        "workdays": rules.interpretation_workdays(),
        "can_draft": doc.status != Document.WITHDRAWN
        and permissions.allows(
            user,
            "disclosure_interpretation.create",
            agency_id=doc.agency_id,
            path=doc.scope_path,
        ),
    }


@register.inclusion_tag("interpretation/_document_links.html")
def document_interpretations(doc: Document, prefix: str = "") -> dict:
    return {"items": list(queries.of_document(doc)), "prefix": prefix, "doc": doc}
