"""The catalogue's panel in the staff workbench and its section on every home page."""

from django.db.models import Count, Q
from django.utils.html import format_html

from . import queries
from .models import Item


def catalogue_panel(user):
    if getattr(user, "kind", "") != "staff":
        return None
    counts = queries.visible_to(user).aggregate(
        any=Count("id"), active=Count("id", filter=Q(state=Item.ACTIVE))
    )
    if not user.is_superuser and not counts["any"]:
        return None
    return {
        "title": "政务服务事项目录",
        "todo": None,
        "warning": 0,
        "done": counts["active"],
        "url": "/workbench/services/",
    }


def home_section(j):
    """The home page's 政务服务 box: how many items can be done at this site."""
    n = queries.available_at(j).count()
    if not n:
        return None
    prefix = f"/site/{j.code}" if j.parent_id else ""
    return {
        "title": "政务服务事项",
        "html": format_html(
            '<p>本级可办理事项 <strong>{}</strong> 项。<a href="{}/zwfw/">查看办事指南</a></p>',
            n,
            prefix,
        ),
    }
