"""What 主动公开 contributes to the shared pages: the staff workbench panel and a home section."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from zhengwu.org import scopes

from .models import Document
from .queries import READ_ROLES, in_warning, jurisdiction_documents, staff_documents


def workbench_panel(user):
    """待办 = documents awaiting 保密审查 or publication; 预警 = §26 clocks in warning or overdue."""
    if not scopes.assignments(user, READ_ROLES) and not getattr(user, "is_superuser", False):
        return None
    today = timezone.localdate()
    docs = staff_documents(user)
    todo = docs.filter(status__in=[Document.DRAFT, Document.REVIEW]).count()
    warning = in_warning(docs, today).count()
    done = docs.filter(status=Document.PUBLISHED, published_on__year=today.year).count()
    return {
        "title": "主动公开",
        "todo": todo,
        "warning": warning,
        "done": done,
        "url": "/workbench/disclosure/",
    }


def home_section(jurisdiction):
    """The latest published documents of the site's jurisdiction and everything below it."""
    docs = list(jurisdiction_documents(jurisdiction).order_by("-published_on", "-id")[:8])
    if not docs:
        return None
    prefix = f"/site/{jurisdiction.code}" if jurisdiction.parent_id else ""
    html = render_to_string("disclosure/_home_section.html", {"docs": docs, "prefix": prefix})
    return {"title": "最新公开信息", "html": html}
