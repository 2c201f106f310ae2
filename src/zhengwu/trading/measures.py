"""The trading figure 考核 and the targets page read (`zhengwu.core.measures`): of the periods of
trading projects and of the 异议/质疑 and 投诉 raised against them whose due date fell in the
year, how many were met (the clock stopped on or before its due date). A period still running
and not yet due is not counted."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q
from django.utils import timezone

from zhengwu.core.models import Clock

from .models import Complaint, Objection, Project

ON_TIME = "trading.steps_on_time"
ON_TIME_LABEL = "公共资源交易环节按期完成率（按期完成 / 当年到期的法定期限）"


def steps_on_time(j, agency=None, year=None) -> dict:
    today = timezone.localdate()
    types = ContentType.objects.get_for_models(Project, Objection, Complaint).values()
    qs = Clock.objects.filter(
        subject_type__in=[t.pk for t in types],
        scope_path__startswith=j.path,
        due_date__year=year or today.year,
    ).filter(Q(state=Clock.STOPPED) | Q(due_date__lt=today))
    if agency is not None:
        qs = qs.filter(agency_id=agency.pk)
    agg = qs.aggregate(
        n=Count("id"),
        on_time=Count("id", filter=Q(state=Clock.STOPPED, stopped_on__lte=F("due_date"))),
    )
    return {"numerator": agg["on_time"], "denominator": agg["n"]}
