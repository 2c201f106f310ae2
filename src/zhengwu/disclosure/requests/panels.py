"""The workbench panel (待办 / 预警 / 已办) and the citizen's panel."""

from django.template.loader import render_to_string
from django.utils import timezone

from zhengwu.org import scopes

from . import queries


def staff_panel(user):
    if not scopes.has_role(user, *queries.READERS) and not getattr(user, "is_superuser", False):
        return None
    today = timezone.localdate()
    open_ = queries.todo(user)
    return {
        "title": "政府信息公开申请",
        "todo": open_.count(),
        "warning": open_.filter(warn_on__lte=today, clock_state="running").count(),
        "done": queries.done(user).count(),
        "url": "/workbench/requests/",
    }


def proposals_panel(user):
    """条例 §44: 待决定的转为主动公开建议 in the user's scope (shown while there are any)."""
    if not scopes.has_role(user, *queries.READERS) and not getattr(user, "is_superuser", False):
        return None
    todo = queries.open_proposals(user).count()
    if not todo:
        return None
    return {
        "title": "转为主动公开建议",
        "todo": todo,
        "warning": None,
        "done": None,
        "url": "/workbench/requests/proposals/",
    }


def citizen_panel(user):
    rows = list(queries.mine(user).order_by("-received_on", "-id")[:5])
    html = render_to_string("disclosure_requests/_citizen_panel.html", {"rows": rows})
    return {"title": "我的政府信息公开申请", "html": html}
