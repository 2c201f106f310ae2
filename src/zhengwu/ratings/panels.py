from django.template.loader import render_to_string

from . import queries
from .models import Rating, Rectification


def workbench_panel(user):
    qs = queries.ratings_visible_to(user).filter(level__lte=Rating.BAD_MAX, state=Rating.VALID)
    if not qs.exists():
        return None
    return {
        "title": "好差评：差评整改",
        "todo": qs.exclude(rectification__state=Rectification.CLOSED).count()
        + queries.appeals_pending_for(user).count(),
        "warning": 0,
        "done": qs.filter(rectification__state=Rectification.CLOSED).count(),
        "url": "/workbench/ratings/",
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
