"""The supervision panel of the staff workbench and the 监督 section of the home pages."""

from django.db.models import Count, Q
from django.template.loader import render_to_string

from zhengwu.core.models import Clock

from . import queries, status
from .models import Card


def workbench_panel(user):
    if queries.is_reader(user):
        clocks = queries.clocks_visible_to(user).filter(state=Clock.RUNNING)
        counts = clocks.aggregate(
            carded=Count("id", filter=Q(status__in=[status.YELLOW, status.RED])),
            warning=Count("id", filter=Q(status=status.WARNING)),
        )
        return {
            "title": "电子监察：黄牌、红牌事项",
            "todo": counts["carded"],
            "warning": counts["warning"],
            "done": None,
            "url": "/workbench/supervision/",
        }
    counts = queries.cards_visible_to(user).aggregate(
        any=Count("id"),
        open=Count("id", filter=Q(state=Card.OPEN)),
        accepted=Count("id", filter=Q(state=Card.ACCEPTED)),
    )
    if not counts["any"]:
        return None
    return {
        "title": "电子监察亮牌：待整改",
        "todo": counts["open"],
        "warning": 0,
        "done": counts["accepted"],
        "url": "/workbench/supervision/cards/",
    }


def home_section(j):
    prefix = f"/site/{j.code}" if j.parent_id else ""
    html = render_to_string("supervision/home_section.html", {"prefix": prefix})
    return {"title": "电子监察与规划目标", "html": html}
