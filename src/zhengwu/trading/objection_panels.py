"""异议/质疑 and 投诉 in the workbench of whoever must act next: the body's officers the open
异议/质疑 of their projects, the 行政监督部门's officers the complaints to accept or decide;
and an enterprise's own filings on its 我的 page."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from zhengwu.org import scopes

from . import objection_queries as oq
from . import services
from .models import Complaint, Objection
from .permissions import BODY


def objections_panel(user):
    if not scopes.has_role(user, *BODY) and not getattr(user, "is_superuser", False):
        return None
    open_ = list(oq.to_answer(user).select_related("project__jurisdiction")[:200])
    if not open_ and not oq.objections_visible_to(user).exists():
        return None
    today = timezone.localdate()
    dues = sorted(services.answer_due(o) for o in open_)
    title = "交易异议（质疑）"
    if dues:
        title = f"交易异议（质疑）（最近答复期限{dues[0]:%-m月%-d日}）"
    answered = oq.objections_visible_to(user).filter(state=Objection.ANSWERED)
    return {
        "title": title,
        "todo": len(open_),
        "warning": sum(1 for d in dues if d <= today),
        "done": answered.filter(answered_on__year=today.year).count(),
        "url": "/workbench/trading/objections/",
    }


def complaints_panel(user):
    if not scopes.has_role(user, *BODY) and not getattr(user, "is_superuser", False):
        return None
    qs = oq.complaints_visible_to(user)
    open_ = list(oq.to_decide(user).select_related("project__jurisdiction")[:200])
    if not open_ and not qs.exists():
        return None
    today = timezone.localdate()
    dues = [
        services.acceptance_due(c) if c.state == Complaint.FILED else services.decision_due(c)
        for c in open_
    ]
    return {
        "title": "交易投诉",
        "todo": len(open_),
        "warning": sum(1 for d in dues if d and d <= today),
        "done": qs.filter(state__in=[Complaint.REFUSED, Complaint.DECIDED]).count(),
        "url": "/workbench/trading/complaints/",
    }


def citizen_panel(user):
    objections = list(oq.own_objections(user)[:10])
    complaints = list(oq.own_complaints(user)[:10])
    if not objections and not complaints:
        return None
    return {
        "title": "我的交易异议（质疑）和投诉",
        "html": render_to_string(
            "trading/objections/_citizen_panel.html",
            {"objections": objections, "complaints": complaints},
        ),
    }
