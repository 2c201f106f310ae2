from django.db.models import Count, Q
from django.template.loader import render_to_string

from . import queries
from .models import Rating, Rectification


def workbench_panel(user):
    bad = queries.ratings_visible_to(user).filter(level__lte=Rating.BAD_MAX, state=Rating.VALID)
    # A rating has at most one rectification: the bad ratings not closed are all less closed.
    counts = bad.aggregate(
        n=Count("id"), closed=Count("id", filter=Q(rectification__state=Rectification.CLOSED))
    )
    if not counts["n"]:
        return None
    return {
        "title": "好差评：差评整改",
        "todo": counts["n"] - counts["closed"] + queries.appeals_pending_for(user).count(),
        "warning": 0,
        "done": counts["closed"],
        "url": "/workbench/ratings/",
    }


def satisfaction_panel(user):
    """满意度 for staff over a jurisdiction: the page's link; 待办 while last year's province
    figures are not entered (for the 州政务公开办, who enters them)."""
    from django.utils import timezone

    from zhengwu.org import scopes

    from . import province

    if not any(a.jurisdiction_id for a in scopes.assignments(user)):
        return None
    missing = province.standing(timezone.localdate().year - 1) is None
    return {
        "title": "好差评：满意度",
        "todo": int(missing and province.may_enter(user)),
        "warning": 0,
        "done": 0,
        "url": "/workbench/ratings/satisfaction/",
    }


def citizen_panel(user):
    """我的页面 “待评价”: each completed case or answered request waiting for its rating."""
    invitations = list(queries.invitations_of(user)[:20])
    if not invitations:
        return None
    return {
        "title": "待评价",
        "html": render_to_string("ratings/_invitations.html", {"invitations": invitations}),
    }
