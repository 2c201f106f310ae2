"""The figure supervision's targets read (`core.measures`): counties on plan with the
standardization programme (brief R2.3: 1–2 centres a year until all are done)."""

from __future__ import annotations

from django.utils import timezone

from zhengwu.org.models import Jurisdiction

from . import queries

ON_PLAN = "programmes.standardization_on_plan"
ON_PLAN_LABEL = "标准化建设年度计划落实的县市 / 县市总数"


def counties_on_plan(jurisdiction, agency=None, year=None) -> dict:
    year = year or timezone.localdate().year
    counties = Jurisdiction.objects.filter(
        path__startswith=jurisdiction.path, level=Jurisdiction.COUNTY
    )
    rows = queries.county_rows(counties, year)
    return {"numerator": sum(r.on_plan for r in rows), "denominator": len(rows)}
