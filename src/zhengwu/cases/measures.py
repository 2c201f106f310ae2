"""The case figures supervision and assessment read (`zhengwu.core.measures`), computed
by the same aggregates as `queries.measures` (issue §4)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from . import queries
from .models import Case, CaseFee


def _cases(j, agency, year):
    return queries.cases_of(
        j, year or timezone.localdate().year, agency.pk if agency is not None else None
    )


def on_time(j, agency=None, year=None) -> dict:
    """办件按期办结率: completed within the promised time / completed."""
    t = queries.finished_totals(_cases(j, agency, year))
    return {"numerator": t["on_time"], "denominator": t["n"]}


def actual_vs_statutory(j, agency=None, year=None) -> dict:
    """Σ(法定时限 − 实际用时) / Σ法定时限, working days (cases with a working-day limit)."""
    t = queries.finished_totals(_cases(j, agency, year))
    statutory = t["wd_statutory"] or 0
    return {"numerator": statutory - (t["wd_used"] or 0), "denominator": statutory}


def one_visit(j, agency=None, year=None) -> dict:
    """一次办结率: cases of items needing at most one visit (最多跑一次) / cases."""
    c = queries.intake_totals(_cases(j, agency, year))
    return {"numerator": c["one_visit"], "denominator": c["n"]}


def online(j, agency=None, year=None) -> dict:
    """网上办件率: cases applied for online / cases."""
    c = queries.intake_totals(_cases(j, agency, year))
    return {"numerator": c["online"], "denominator": c["n"]}


def rateable(j, agency=None, year=None, month=None) -> dict:
    """Cases completed in the month (or year): each may be rated once (好差评 未评率)."""
    qs = Case.objects.filter(
        scope_path__startswith=j.path,
        status=Case.COMPLETED,
        completed_on__year=year or timezone.localdate().year,
    )
    if month:
        qs = qs.filter(completed_on__month=month)
    if agency is not None:
        qs = qs.filter(agency_id=agency.pk)
    n = qs.count()
    return {"numerator": n, "denominator": n}


# ---------------------------------------------------------------- the annual report's table 二
# (第二十条第（五）项 and 第二十条第（八）项 of 国办公开办函〔2021〕30号), read by disclosure with
# `agency_ids`: the figure is the value, not a rate.


def licensing_decisions(jurisdiction=None, agency=None, year=None, *, agency_ids=()) -> dict:
    """行政许可 本年处理决定数量: cases of 行政许可 items whose decision (准予 or 不予) was made in
    the year by one of the agencies."""
    n = Case.objects.filter(
        agency_id__in=agency_ids,
        decided_on__year=year,
        item__item_type__is_licensing=True,
    ).count()
    return {"numerator": n, "denominator": n, "value": n}


def fees_collected(jurisdiction=None, agency=None, year=None, *, agency_ids=()) -> dict:
    """行政事业性收费: the fees charged on the agencies' cases in the year, in 元."""
    total = CaseFee.objects.filter(case__agency_id__in=agency_ids, charged_on__year=year).aggregate(
        s=Sum("amount_yuan")
    )["s"] or Decimal(0)
    return {"numerator": total, "denominator": total, "value": total}
