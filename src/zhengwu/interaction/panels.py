"""What 政民互动 contributes to the workbench, the citizen's page and the home pages."""

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone

from zhengwu.org import scopes
from zhengwu.org.models import Role

from . import queries
from .models import Complaint, Interview, Message


def messages_panel(user):
    if not scopes.has_role(
        user, Role.MESSAGE_HANDLER, Role.OPENNESS_ADMIN, Role.DEPT_HEAD
    ) and not getattr(user, "is_superuser", False):
        return None
    open_ = queries.todo(user)
    soon = timezone.localdate() + dt.timedelta(days=2)
    return {
        "title": "网民留言",
        "todo": open_.count() + queries.moderation_queue(user).count(),
        "warning": open_.filter(due_on__lte=soon).count(),
        "done": queries.todo(user, done=True).count(),
        "url": "/workbench/interaction/",
    }


def complaints_panel(user):
    if not scopes.has_role(user, Role.SUPERVISOR) and not getattr(user, "is_superuser", False):
        return None
    qs = queries.complaints_visible_to(user)
    soon = timezone.localdate() + dt.timedelta(days=1)
    open_ = qs.filter(state__in=[Complaint.SUBMITTED, Complaint.ACCEPTED])
    return {
        "title": "行政投诉",
        "todo": open_.count(),
        "warning": open_.filter(due_on__lte=soon).count(),
        "done": qs.filter(state__in=[Complaint.ANSWERED, Complaint.DECLINED]).count(),
        "url": "/workbench/interaction/complaints/",
    }


def citizen_panel(user):
    messages = list(queries.messages_of_writer(user)[:10])
    complaints = list(queries.complaints_of(user)[:10])
    if not messages and not complaints:
        return None
    return {
        "title": "我的留言与投诉",
        "html": render_to_string(
            "interaction/_citizen_panel.html", {"messages": messages, "complaints": complaints}
        ),
    }


def home_section(jurisdiction):
    latest = list(queries.published_messages(jurisdiction)[:6])
    upcoming = list(
        queries.public_interviews(jurisdiction)
        .filter(state__in=[Interview.PREVIEW, Interview.LIVE], ends_at__gte=timezone.now())
        .order_by("starts_at")[:3]
    )
    if not latest and not upcoming:
        return None
    prefix = f"/site/{jurisdiction.code}" if jurisdiction.parent_id else ""
    return {
        "title": "政民互动",
        "html": render_to_string(
            "interaction/_home_section.html",
            {"latest": latest, "upcoming": upcoming, "prefix": prefix, "Message": Message},
        ),
    }
