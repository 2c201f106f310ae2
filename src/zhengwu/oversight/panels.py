"""What 社会监督 adds to the staff workbench: a body's items to rectify (with the nearest due
date), the office's items to assign and to confirm, a supervisor's items to confirm."""

from __future__ import annotations

from django.utils import timezone

from zhengwu.core import clock

from . import queries, roster


def workbench_panel(user):
    office = queries.is_office(user)
    supervisor = roster.of_user(user)
    rectify = list(queries.to_rectify(user)[:200])
    if not (office or supervisor or rectify):
        return None
    today = timezone.localdate()
    confirm = queries.to_confirm(user).count()
    todo = len(rectify) + confirm + (queries.to_assign(user).count() if office else 0)
    warning = sum(
        1 for c in queries.running_clocks(rectify) if clock.status_on(c, today) != "normal"
    )
    title = "社会监督"
    if rectify and rectify[0].due_on:
        title = f"社会监督（最近整改期限{rectify[0].due_on:%-m月%-d日}）"
    done = queries.items_visible_to(user).filter(state="done", confirmed_on__year=today.year)
    return {
        "title": title,
        "todo": todo,
        "warning": warning,
        "done": done.count(),
        "url": "/workbench/oversight/",
    }
