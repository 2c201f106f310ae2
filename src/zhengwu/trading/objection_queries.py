"""Who sees which 异议/质疑 and 投诉: the owner's officers those against their body's projects,
the 行政监督部门's officers the complaints addressed to it, the openness office and 电子监察
everything of their jurisdiction, and an enterprise its own filings."""

from __future__ import annotations

from zhengwu.core.errors import NotFound
from zhengwu.org import scopes

from .models import Complaint, Objection
from .permissions import BODY
from .queries import WATCHERS


def objections_visible_to(user):
    q = scopes.scope_q(user, BODY, agency_field="agency")
    q |= scopes.scope_q(user, WATCHERS, agency_field=None)
    return Objection.objects.filter(q).select_related("project", "notice", "agency")


def complaints_visible_to(user):
    q = scopes.scope_q(user, BODY, agency_field="supervisor")
    q |= scopes.scope_q(user, WATCHERS, agency_field=None)
    return Complaint.objects.filter(q).select_related("project", "objection", "supervisor")


def to_answer(user):
    """Open 异议/质疑 of the user's bodies, the oldest (nearest due date) first."""
    return objections_visible_to(user).filter(state=Objection.FILED).order_by("filed_on", "id")


def to_decide(user):
    """Complaints awaiting acceptance or a decision, the oldest first."""
    return (
        complaints_visible_to(user)
        .filter(state__in=[Complaint.FILED, Complaint.ACCEPTED])
        .order_by("filed_on", "id")
    )


def own_objections(user):
    if not getattr(user, "is_authenticated", False):
        return Objection.objects.none()
    return Objection.objects.filter(filer=user).select_related("project", "notice")


def own_complaints(user):
    if not getattr(user, "is_authenticated", False):
        return Complaint.objects.none()
    return Complaint.objects.filter(filer=user).select_related("project", "supervisor")


def _one(qs, pk, what: str):
    found = qs.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise NotFound(f"该{what}不存在或不在您的范围内")
    return found


def objection(user, pk) -> Objection:
    return _one(objections_visible_to(user), pk, "异议（质疑）")


def complaint(user, pk) -> Complaint:
    return _one(complaints_visible_to(user), pk, "投诉")


def own_objection(user, pk) -> Objection:
    return _one(own_objections(user), pk, "异议（质疑）")


def own_complaint(user, pk) -> Complaint:
    return _one(own_complaints(user), pk, "投诉")
