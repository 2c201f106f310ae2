"""The 依申请公开 and annual-report figures supervision and assessment read
(`zhengwu.core.measures`). Due dates are those of the requests' and reports' core
Clocks (`queries.with_due_dates`, the §49 report clock), read in the same aggregate."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from zhengwu.core.models import Clock

from . import queries, services
from .models import AnnualReport, Request


def _year(year):
    return year or timezone.localdate().year


def _answered(j, agency, year, month=None):
    qs = Request.objects.filter(
        scope_path__startswith=j.path,
        status__in=[Request.ANSWERED, Request.ARCHIVED],
        answered_on__year=_year(year),
    )
    if month:
        qs = qs.filter(answered_on__month=month)
    if agency is not None:
        qs = qs.filter(agency_id=agency.pk)
    return qs


def requests_on_time(j, agency=None, year=None) -> dict:
    """依申请公开按期答复率: requests answered in the year by their answer clock's due date
    (条例 §33: 20 working days, extended by 20 with approval) / requests answered."""
    agg = queries.with_due_dates(_answered(j, agency, year)).aggregate(
        n=Count("id"), on_time=Count("id", filter=Q(answered_on__lte=F("due_date")))
    )
    return {"numerator": agg["on_time"], "denominator": agg["n"]}


def annual_report_on_time(j, agency=None, year=None) -> dict:
    """Reports due in the year (those of the year before, 条例 §49: by 1-31, governments by 3-31)
    published by their clock's due date / reports due."""
    due = Clock.objects.filter(
        subject_type=ContentType.objects.get_for_model(AnnualReport),
        subject_id=OuterRef("pk"),
        purpose=services.REPORT_DUE,
    ).order_by("-id")
    reports = AnnualReport.objects.filter(scope_path__startswith=j.path, year=_year(year) - 1)
    if agency is not None:
        reports = reports.filter(agency_id=agency.pk)
    agg = reports.annotate(due_date=Subquery(due.values("due_date")[:1])).aggregate(
        n=Count("id"),
        on_time=Count("id", filter=Q(published_at__date__lte=F("due_date"))),
    )
    return {"numerator": agg["on_time"], "denominator": agg["n"]}


def rateable(j, agency=None, year=None, month=None) -> dict:
    """Requests answered in the month (or year): each may be rated once (好差评 未评率)."""
    n = _answered(j, agency, year, month).count()
    return {"numerator": n, "denominator": n}
