"""Provider `public_bodies.columns_current` for 考核 and 监察: of the columns the bodies'
sectors require, the share with an item published in the year up to the day measured (the
last day of `year`, or today for the current year). A body's own figure with `agency` its
agency; a supervising department's figure with `agency` the department (its bodies)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Q
from django.utils import timezone

from zhengwu.disclosure.models import Column, Document

from .models import PublicBody, SectorColumn
from .queries import STALE_DAYS


def columns_current(jurisdiction, agency=None, year=None) -> dict:
    today = timezone.localdate()
    day = min(today, dt.date(year, 12, 31)) if year else today
    since = day - dt.timedelta(days=STALE_DAYS)
    bodies = PublicBody.objects.filter(
        scope_path__startswith=jurisdiction.path, agency__is_active=True
    )
    if agency is not None:
        bodies = bodies.filter(Q(agency_id=agency.pk) | Q(supervisor_id=agency.pk))
    pairs = list(bodies.values_list("agency_id", "sector_id"))
    codes: dict[int, set[str]] = {}
    for sector_id, code in SectorColumn.objects.filter(
        active=True, sector_id__in={s for _, s in pairs}
    ).values_list("sector_id", "code"):
        codes.setdefault(sector_id, set()).add(code)
    wanted = {(a, c) for a, s in pairs for c in codes.get(s, ())}
    published = Q(documents__status=Document.PUBLISHED, documents__published_on__lte=day)
    current = {
        (a, c)
        for a, c, last in Column.objects.filter(agency_id__in={a for a, _ in pairs})
        .annotate(last=Max("documents__published_on", filter=published))
        .values_list("agency_id", "code", "last")
        if last is not None and last > since
    }
    return {"numerator": len(wanted & current), "denominator": len(wanted)}
