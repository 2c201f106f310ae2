"""The 留言 figures supervision and assessment read (`zhengwu.core.measures`)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from .models import Message


def _replied(j, agency, year, month=None):
    qs = Message.objects.filter(
        scope_path__startswith=j.path,
        state=Message.REPLIED,
        replied_on__year=year or timezone.localdate().year,
    )
    if month:
        qs = qs.filter(replied_on__month=month)
    if agency is not None:
        qs = qs.filter(agency_id=agency.pk)
    return qs


def messages_on_time(j, agency=None, year=None) -> dict:
    """留言按期答复率: messages replied in the year within their limit (`on_time`) / replied."""
    agg = _replied(j, agency, year).aggregate(
        n=Count("id"), on_time=Count("id", filter=Q(on_time=True))
    )
    return {"numerator": agg["on_time"], "denominator": agg["n"]}


def rateable(j, agency=None, year=None, month=None) -> dict:
    """Messages replied in the month (or year): each may be rated once (好差评 未评率)."""
    n = _replied(j, agency, year, month).count()
    return {"numerator": n, "denominator": n}
