"""The public page of 社会监督 (/shjd/ on every site): the site's jurisdiction's supervisors in
their term (name, category, unit: never a phone) and, per year, how many findings and press
items fell due and how many were rectified on time."""

from __future__ import annotations

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.shortcuts import render
from django.utils import timezone

from zhengwu.portal.views import site_of

from .measures import DONE
from .models import Item, Supervisor


def yearly(j) -> list[dict]:
    """Per year (newest first) and source: items due, rectified on time (as the measures)."""
    today = timezone.localdate()
    rows = (
        Item.objects.filter(scope_path__startswith=j.path, first_due_on__isnull=False)
        .filter(Q(state__in=DONE) | Q(first_due_on__lt=today))
        .annotate(year=ExtractYear("first_due_on"))
        .values("year", "source")
        .annotate(n=Count("id"), in_time=Count("id", filter=Q(state__in=DONE, late=False)))
        .order_by("-year", "source")
    )
    years: dict[int, dict] = {}
    for r in rows:
        year = years.setdefault(r["year"], {"year": r["year"]})
        year[r["source"]] = {"n": r["n"], "on_time": r["in_time"]}
    return list(years.values())


def public_page(request, code=None):
    j = site_of(code)
    today = timezone.localdate()
    roster = Supervisor.objects.filter(
        scope_path__startswith=j.path, term_start__lte=today, term_end__gte=today
    ).select_related("jurisdiction")
    filed = Item.objects.filter(scope_path__startswith=j.path, filed_on__year=today.year)
    return render(
        request,
        "oversight/public.html",
        {
            "j": j,
            "roster": roster,
            "years": yearly(j),
            "filed": filed.count(),
            "this_year": today.year,
        },
    )
