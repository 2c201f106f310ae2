"""The supervision panel of the staff workbench and the 监督 section of the home pages."""

from django.template.loader import render_to_string

from zhengwu.core.models import Clock

from . import queries, status
from .models import Card


def workbench_panel(user):
    if queries.is_reader(user):
        clocks = queries.clocks_visible_to(user).filter(state=Clock.RUNNING)
        return {
            "title": "电子监察：黄牌、红牌事项",
            "todo": clocks.filter(status__in=[status.YELLOW, status.RED]).count(),
            "warning": clocks.filter(status=status.WARNING).count(),
            "done": None,
            "url": "/workbench/supervision/",
        }
    cards = queries.cards_visible_to(user)
    if not cards.exists():
        return None
    return {
        "title": "电子监察亮牌：待整改",
        "todo": cards.filter(state=Card.OPEN).count(),
        "warning": 0,
        "done": cards.filter(state=Card.ACCEPTED).count(),
        "url": "/workbench/supervision/cards/",
    }


def home_section(j):
    prefix = f"/site/{j.code}" if j.parent_id else ""
    html = render_to_string("supervision/home_section.html", {"prefix": prefix})
    return {"title": "电子监察与规划目标", "html": html}
