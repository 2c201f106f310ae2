"""The 社会监督 figures 考核 and supervision read (`zhengwu.core.measures`): of the items whose
first rectification period ended in the year, how many were rectified within it (a 退回 whose
rework came late counts as late). An item still within its period is not counted yet."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from .models import Item

FINDINGS = "社会监督意见按期整改率（按期整改 / 当年到期的监督意见）"
MEDIA = "媒体监督问题按期整改率（按期整改 / 当年到期的媒体监督事项）"
DONE = (Item.RECTIFIED_, Item.CONFIRMED_)


def _on_time(source: str, j, agency=None, year=None) -> dict:
    today = timezone.localdate()
    qs = Item.objects.filter(
        source=source,
        scope_path__startswith=j.path,
        first_due_on__year=year or today.year,
    ).filter(Q(state__in=DONE) | Q(first_due_on__lt=today))
    if agency is not None:
        qs = qs.filter(agency_id=agency.pk)
    agg = qs.aggregate(n=Count("id"), on_time=Count("id", filter=Q(state__in=DONE, late=False)))
    return {"numerator": agg["on_time"], "denominator": agg["n"]}


def findings_on_time(j, agency=None, year=None) -> dict:
    return _on_time(Item.FINDING, j, agency, year)


def media_on_time(j, agency=None, year=None) -> dict:
    return _on_time(Item.MEDIA, j, agency, year)
