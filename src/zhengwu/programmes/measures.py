"""The figures supervision's targets read (`core.measures`): counties on plan with the
standardization programme (brief R2.3: 1–2 centres a year until all are done), counties whose
yearly plan is filed (R7.2) and counties that held a training session (R7.3)."""

from __future__ import annotations

from django.utils import timezone

from zhengwu.org.models import Jurisdiction

from . import queries
from .models.plans import CountyPlan
from .models.training import TrainingSession

ON_PLAN = "programmes.standardization_on_plan"
ON_PLAN_LABEL = "标准化建设年度计划落实的县市 / 县市总数"


def counties_on_plan(jurisdiction, agency=None, year=None) -> dict:
    year = year or timezone.localdate().year
    counties = Jurisdiction.objects.filter(
        path__startswith=jurisdiction.path, level=Jurisdiction.COUNTY
    )
    rows = queries.county_rows(counties, year)
    return {"numerator": sum(r.on_plan for r in rows), "denominator": len(rows)}


PLANS_FILED = "programmes.county_plans_filed"
PLANS_FILED_LABEL = "本年政务公开工作方案已备案的县市 / 县市总数"
TRAINING_HELD = "programmes.training_held"
TRAINING_HELD_LABEL = "本年组织过政务公开培训的县市 / 县市总数"


def _counties(jurisdiction):
    return Jurisdiction.objects.filter(
        path__startswith=jurisdiction.path, level=Jurisdiction.COUNTY
    )


def counties_filed(jurisdiction, agency=None, year=None) -> dict:
    """R7.2: counties whose plan for the year is filed with the 州 office (备案)."""
    year = year or timezone.localdate().year
    counties = _counties(jurisdiction)
    filed = (
        CountyPlan.objects.filter(jurisdiction__in=counties, year=year, state=CountyPlan.FILED)
        .values("jurisdiction")
        .distinct()
        .count()
    )
    return {"numerator": filed, "denominator": counties.count()}


def counties_trained(jurisdiction, agency=None, year=None) -> dict:
    """R7.3: counties where a training session was held in the year (the county's own or one
    of its townships')."""
    year = year or timezone.localdate().year
    counties = list(_counties(jurisdiction).values_list("path", flat=True))
    held = {
        path
        for path in counties
        if TrainingSession.objects.filter(scope_path__startswith=path, held_on__year=year).exists()
    }
    return {"numerator": len(held), "denominator": len(counties)}
