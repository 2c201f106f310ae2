"""The cases' panel on the staff workbench and on the citizen's own page."""

from django.template.loader import render_to_string

from zhengwu.org import scopes
from zhengwu.org.models import Role, User

from . import queries


def staff_panel(user):
    if user.kind == User.STAFF and scopes.has_role(user, Role.VILLAGE_AGENT):
        return {
            "title": "村级代办",
            "todo": None,
            "warning": 0,
            "done": queries.visible_to(user).filter(agent=user).count(),
            "url": "/workbench/cases/agent/",
        }
    if user.kind != User.STAFF or not (
        user.is_superuser or scopes.has_role(user, *queries.ACTING_ROLES)
    ):
        return None
    counts = queries.todo_counts(user)
    return {
        "title": "办件",
        "todo": counts["todo"],
        "warning": counts["warning"],
        "done": None,
        "url": "/workbench/cases/",
    }


def citizen_panel(user):
    if user.kind == User.STAFF:
        return None
    cases = list(queries.of_applicant(user).select_related("promised_clock")[:20])
    return {
        "title": "我的办件",
        "html": render_to_string("cases/_my_cases.html", {"cases": cases}),
    }
