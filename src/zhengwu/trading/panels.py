"""What 公共资源交易 adds to the staff workbench: each officer's projects whose legal clock is
running (the nearest due date in the title), those in 预警 or past due, and the projects
finished this year."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from zhengwu.core.models import Clock
from zhengwu.org import scopes

from . import queries
from .models import Project
from .permissions import BODY


def running_clocks(user):
    """The running clocks of the projects `user` sees, the nearest due date first."""
    ids = queries.projects_visible_to(user).values("pk")
    return Clock.objects.filter(
        subject_type=ContentType.objects.get_for_model(Project),
        subject_id__in=ids,
        state=Clock.RUNNING,
    ).order_by("due_date", "id")


def workbench_panel(user):
    if not (
        getattr(user, "is_superuser", False) or scopes.has_role(user, *BODY, *queries.WATCHERS)
    ):
        return None
    projects = queries.projects_visible_to(user)
    today = timezone.localdate()
    clocks = running_clocks(user)
    todo = clocks.values("subject_id").distinct().count()
    warning = clocks.filter(warn_on__lte=today).values("subject_id").distinct().count()
    nearest = clocks.exclude(due_date=None).first()
    title = "公共资源交易"
    if nearest is not None and nearest.due_date:
        title = f"公共资源交易（最近期限{nearest.due_date:%-m月%-d日}）"
    return {
        "title": title,
        "todo": todo,
        "warning": warning,
        "done": projects.filter(state__in=(Project.CLOSED, Project.TERMINATED)).count(),
        "url": "/workbench/trading/",
    }
