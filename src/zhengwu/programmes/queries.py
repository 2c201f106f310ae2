"""Every list of 年度工作 is built here, cut to what the user may see (`visible_to`), and the
figures the pages and supervision share: the county view of the standardization programme."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from zhengwu.org import scopes
from zhengwu.org.models import Jurisdiction, ServiceCentre

from . import conf
from .models import (
    STANDARDS,
    AwardBudget,
    BestCase,
    CountyPlan,
    StandardizationPlan,
    TrainingSession,
)
from .permissions import OFFICE

PROGRAMME_KINDS = [ServiceCentre.CENTRE, ServiceCentre.TOWNSHIP_CENTRE]


def office_scope(user):
    """Rows under the jurisdictions where the user holds the 政务公开办 role (by scope_path)."""
    return scopes.scope_q(user, OFFICE, agency_field=None)


def plans_visible_to(user):
    return StandardizationPlan.objects.filter(office_scope(user)).select_related("centre")


def centres_visible_to(user):
    return ServiceCentre.objects.filter(
        office_scope(user), kind__in=PROGRAMME_KINDS
    ).select_related("jurisdiction")


def county_plans_visible_to(user):
    return CountyPlan.objects.filter(office_scope(user)).select_related("jurisdiction")


def trainings_visible_to(user):
    return TrainingSession.objects.filter(office_scope(user)).select_related("organiser")


def cases_visible_to(user):
    return BestCase.objects.filter(office_scope(user)).select_related("jurisdiction", "agency")


def counties_visible_to(user):
    """The counties whose programmes the user keeps: all of them for the 州 office, its own for
    a county office (a township office has none)."""
    if getattr(user, "is_superuser", False):
        return Jurisdiction.objects.filter(level=Jurisdiction.COUNTY)
    held = scopes.assignments(user, OFFICE)
    q = Q(pk__in=[])
    for a in held:
        q |= Q(path__startswith=a.path)
    return Jurisdiction.objects.filter(q, level=Jurisdiction.COUNTY)


def budgets():
    return AwardBudget.objects.all()


# --- the county view of the standardization programme -------------------------------------------


@dataclass
class CountyRow:
    county: Jurisdiction
    centres: int = 0
    done: int = 0
    planned: int = 0
    late: int = 0
    names: list[dict] = field(default_factory=list)

    @property
    def remaining(self) -> int:
        return self.centres - self.done

    @property
    def on_plan(self) -> bool:
        return self.centres > 0 and (self.remaining == 0 or self.planned >= conf.centres_per_year())

    @property
    def flagged(self) -> bool:
        return not self.on_plan

    def finish_year(self, year: int) -> int | None:
        """The year every centre is standardized if the county keeps this year's pace; None when
        nothing is planned (it never will)."""
        if self.remaining == 0:
            return year
        if not self.planned:
            return None
        return year + math.ceil(self.remaining / self.planned) - 1

    def outlook(self, year: int) -> str:
        if self.centres == 0:
            return "尚未登记服务中心"
        if self.remaining == 0:
            return "全部中心已完成标准化"
        end = self.finish_year(year)
        if end is None:
            return f"本年未安排计划，尚有{self.remaining}个中心未达标，按此进度无法完成"
        return f"按本年进度，预计{end}年全部完成"


def _fully(prefix: str = "") -> Q:
    return Q(**{f"{prefix}{s}": True for s, _ in STANDARDS})


def county_rows(counties, year: int, *, today: dt.date | None = None) -> list[CountyRow]:
    """Per county: its county centre and township centres, how many are fully standardized,
    how many have a plan this year (those not yet done), how many plans are late."""
    today = today or timezone.localdate()
    out = []
    for county in counties.order_by("code"):
        centres = list(
            ServiceCentre.objects.filter(
                scope_path__startswith=county.path, kind__in=PROGRAMME_KINDS
            ).order_by("scope_path", "name")
        )
        plans = {
            p.centre_id: p
            for p in StandardizationPlan.objects.filter(
                scope_path__startswith=county.path, year=year
            ).annotate(
                late=Count("items", filter=Q(items__due_on__lt=today, items__met_on__isnull=True))
            )
        }
        row = CountyRow(county, centres=len(centres))
        for c in centres:
            plan = plans.get(c.pk)
            full = c.standards_met == len(STANDARDS)
            row.done += full
            counted = plan is not None and (not full or c.standardized_year == year)
            row.planned += counted
            row.late += bool(plan is not None and plan.late)  # type: ignore[attr-defined]
            row.names.append({"centre": c, "plan": plan, "full": full})
        out.append(row)
    return out


def late_plans(user, year: int, *, today: dt.date | None = None):
    today = today or timezone.localdate()
    return (
        plans_visible_to(user)
        .filter(year=year, items__due_on__lt=today, items__met_on__isnull=True)
        .distinct()
    )


def late_counties(user, year: int, *, today: dt.date | None = None) -> list[Jurisdiction]:
    """The counties that have not filed their plan of `year` by the configured day."""
    today = today or timezone.localdate()
    if today <= conf.plan_due(year):
        return []
    filed = CountyPlan.objects.filter(year=year, state=CountyPlan.FILED).values("jurisdiction_id")
    return list(counties_visible_to(user).exclude(pk__in=filed).order_by("code"))
