"""What 年度工作 contributes to the staff workbench: the office's 待办 (plans to review) and
预警 (counties off plan, late plans)."""

from __future__ import annotations

from django.utils import timezone

from zhengwu.org import scopes

from . import queries
from .models import CountyPlan
from .permissions import OFFICE
from .services import common


def workbench_panel(user):
    if not scopes.assignments(user, OFFICE) and not getattr(user, "is_superuser", False):
        return None
    year = timezone.localdate().year
    plans = queries.county_plans_visible_to(user).filter(year=year)
    todo = plans.filter(state=CountyPlan.RETURNED).count()
    if common.may_prefecture(user, "programmes.county_plan.file"):
        todo += plans.filter(state=CountyPlan.SUBMITTED).count()
    return {
        "title": "年度工作",
        "todo": todo,
        "warning": queries.late_plans(user, year).count() + len(queries.late_counties(user, year)),
        "done": plans.filter(state=CountyPlan.FILED).count(),
        "url": "/workbench/programmes/",
    }
