"""/workbench/programmes/: the office's year at a glance — what it must do next and what is late
in each programme."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from .. import conf, queries
from ..models import AwardBudget, BestCase, CountyPlan
from ..services import common
from .common import staff, year_of


@login_required
def home(request):
    user = staff(request)
    year = year_of(request)
    today = timezone.localdate()
    rows = queries.county_rows(queries.counties_visible_to(user), year, today=today)
    for r in rows:
        r.text = r.outlook(year)  # type: ignore[attr-defined]
    plans = queries.county_plans_visible_to(user).filter(year=year)
    reviewer = common.may_prefecture(user, "programmes.county_plan.file")
    return render(
        request,
        "programmes/home.html",
        {
            "year": year,
            "today": today,
            "off_plan": [r for r in rows if r.flagged],
            "late_plans": queries.late_plans(user, year, today=today),
            "plan_due": conf.plan_due(year),
            "late_counties": queries.late_counties(user, year, today=today),
            "unfiled": plans.exclude(state=CountyPlan.FILED),
            "to_review": plans.filter(state=CountyPlan.SUBMITTED) if reviewer else [],
            "cases_to_review": queries.cases_visible_to(user).filter(state=BestCase.SUBMITTED)
            if reviewer
            else [],
            "trainings": queries.trainings_visible_to(user).filter(held_on__year=year).count(),
            "budget": AwardBudget.objects.filter(year=year).first() if reviewer else None,
            "reviewer": reviewer,
        },
    )
