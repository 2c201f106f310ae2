"""The §18 review's figure for supervision and assessment (`core.measures`): rounds due in the
year done by their due date / rounds of the year done, or still open past their due date
(those count late)."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.utils import timezone

from .models import Review


def reviews_on_time(j, agency=None, year=None) -> dict:
    today = timezone.localdate()
    year = year or today.year
    due = Review.objects.filter(scope_path__startswith=j.path, due_on__year=year).filter(
        Q(status=Review.DONE) | Q(due_on__lt=today)
    )
    if agency is not None:
        due = due.filter(agency_id=agency.pk)
    agg = due.aggregate(
        n=Count("id"),
        on_time=Count("id", filter=Q(status=Review.DONE, done_on__lte=F("due_on"))),
    )
    return {"numerator": agg["on_time"], "denominator": agg["n"]}


def register() -> None:
    from zhengwu.core import measures

    measures.register(
        "archive.reviews_on_time",
        reviews_on_time,
        label="政府信息动态调整审查按期完成率（按期完成的审查 / 到期的审查）",
    )
