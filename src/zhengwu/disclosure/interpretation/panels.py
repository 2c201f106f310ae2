"""The workbench panels (待办) of 解读回应 (`portal.workbench`): policy documents awaiting their
interpretation (with the earliest due date), concerns to answer, press conferences to hold."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from zhengwu.disclosure.queries import READ_ROLES
from zhengwu.org import scopes

from . import queries, rules
from .models import ConcernResponse, Interpretation, PressConference


def _staff(user) -> bool:
    return bool(scopes.assignments(user, READ_ROLES)) or getattr(user, "is_superuser", False)


def interpretation_panel(user):
    """待办 = published policy documents without a published interpretation, and drafts or
    reviews; 预警 = documents past their interpretation's due date."""
    if not _staff(user):
        return None
    today = timezone.localdate()
    docs = queries.staff_documents(user)
    waiting = queries.uninterpreted(docs)
    first = waiting.order_by("published_on").values_list("published_on", flat=True).first()
    items = queries.staff_interpretations(user)
    title = "政策解读"
    if first:
        title += f"（最早应于{rules.interpretation_due(first):%Y-%m-%d}前发布）"
    return {
        "title": title,
        "todo": waiting.count()
        + items.filter(status__in=[Interpretation.DRAFT, Interpretation.REVIEW]).count(),
        "warning": queries.overdue_documents(docs, today).count(),
        "done": items.filter(
            status=Interpretation.PUBLISHED, published_on__year=today.year
        ).count(),
        "url": "/workbench/disclosure/interpretations/",
    }


def concern_panel(user):
    if not _staff(user):
        return None
    items = queries.staff_concerns(user)
    open_ = items.filter(status=ConcernResponse.OPEN)
    first = open_.order_by("due_at").values_list("due_at", flat=True).first()
    title = "回应关切"
    if first:
        title += f"（最早应于{timezone.localtime(first):%Y-%m-%d %H:%M}前回应）"
    return {
        "title": title,
        "todo": open_.count(),
        "warning": queries.overdue_concerns(items).count(),
        "done": items.filter(
            status=ConcernResponse.PUBLISHED, responded_at__year=timezone.localdate().year
        ).count(),
        "url": "/workbench/disclosure/concerns/",
    }


def press_panel(user):
    if not _staff(user):
        return None
    items = queries.staff_conferences(user)
    return {
        "title": "新闻发布会",
        "todo": items.filter(
            Q(state__in=[PressConference.DRAFT, PressConference.PREVIEW, PressConference.LIVE])
        ).count(),
        "warning": queries.late_conferences(items).count(),
        "done": items.filter(
            state=PressConference.FINISHED, starts_at__year=timezone.localdate().year
        ).count(),
        "url": "/workbench/disclosure/press/",
    }
