"""The 主动公开 figures supervision and assessment read (`zhengwu.core.measures`), from
the same annotations as the workbench's stale and late lists (`queries`)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from zhengwu.org.models import Agency

from . import queries
from .models import Column


def guides_revised(j, agency=None, year=None) -> dict:
    """Agencies with a disclosure column whose guide and catalogue were both revised in the year
    (条例 §53(二)) / those agencies."""
    year = year or timezone.localdate().year
    agencies = Agency.objects.filter(
        scope_path__startswith=j.path, pk__in=Column.objects.values("agency_id")
    )
    if agency is not None:
        agencies = agencies.filter(pk=agency.pk)
    agg = queries.with_revisions(agencies, year).aggregate(
        n=Count("id"), revised=Count("id", filter=Q(guide_revised=True, catalogue_revised=True))
    )
    return {"numerator": agg["revised"], "denominator": agg["n"]}


def published_on_time(j, agency=None, year=None) -> dict:
    """主动公开按时发布率: documents published in the year within the 条例 §26 limit (not
    `published_late`) / documents published in the year."""
    docs = queries.published().filter(
        scope_path__startswith=j.path, published_on__year=year or timezone.localdate().year
    )
    if agency is not None:
        docs = docs.filter(agency_id=agency.pk)
    agg = docs.aggregate(n=Count("id"), late=Count("id", filter=Q(published_late=True)))
    return {"numerator": agg["n"] - agg["late"], "denominator": agg["n"]}
