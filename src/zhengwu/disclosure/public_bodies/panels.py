"""The workbench's line for 公共企事业单位: columns with nothing published (待办), columns
more than a year without an update (预警) and items published this year (已办), over the
bodies the viewer oversees."""

from __future__ import annotations

from django.utils import timezone

from zhengwu.disclosure.models import Document
from zhengwu.org import permissions

from . import queries, services


def workbench_panel(user):
    bodies = list(queries.visible_to(user)[:300])
    if not bodies and not permissions.allows_somewhere(user, services.REGISTER):
        return None
    empty = stale = 0
    for body in bodies:
        for s in queries.column_states(body):
            empty += s.latest is None
            stale += s.latest is not None and s.stale
    done = Document.objects.filter(
        agency_id__in=[b.agency_id for b in bodies],
        status=Document.PUBLISHED,
        published_on__year=timezone.localdate().year,
    ).count()
    return {
        "title": "公共企事业单位信息公开",
        "todo": empty,
        "warning": stale,
        "done": done,
        "url": "/workbench/ggqsy/",
    }
