"""Open a site for every government (one per jurisdiction) and every department of the 州 and
the counties, each with its level's columns (layouts.py). Run after the divisions and agencies
are loaded, and again whenever they change: a site or a column already there is left as it is."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zhengwu.core.times import now_in_beijing
from zhengwu.org.models import Agency, Jurisdiction

from .layouts import LAYOUTS
from .models import Site, SiteColumn

LEVEL_OF = {
    Jurisdiction.PREFECTURE: Site.PREFECTURE,
    Jurisdiction.COUNTY: Site.COUNTY,
    Jurisdiction.TOWNSHIP: Site.TOWNSHIP,
    Jurisdiction.VILLAGE: Site.VILLAGE,
}


@transaction.atomic
def open_sites(*, on: dt.date | None = None) -> int:
    """Every missing site and column; returns how many sites were opened."""
    on = on or now_in_beijing().date()
    have_gov = set(
        Site.objects.filter(agency__isnull=True).values_list("jurisdiction_id", flat=True)
    )
    have_dept = set(Site.objects.filter(agency__isnull=False).values_list("agency_id", flat=True))
    new = [
        Site(
            jurisdiction=j,
            level=LEVEL_OF[j.level],
            name=_government_site_name(j),
            scope_path=j.path,
            opened_on=on,
        )
        for j in Jurisdiction.objects.exclude(pk__in=have_gov).order_by("path")
    ]
    new += [
        Site(
            jurisdiction=a.jurisdiction,
            agency=a,
            level=Site.DEPARTMENT,
            name=f"{a.name}网站",
            scope_path=a.jurisdiction.path,
            opened_on=on,
        )
        for a in Agency.objects.filter(
            kind=Agency.DEPARTMENT,
            jurisdiction__level__in=[Jurisdiction.PREFECTURE, Jurisdiction.COUNTY],
        )
        .exclude(pk__in=have_dept)
        .select_related("jurisdiction")
        .order_by("jurisdiction__path", "pk")
    ]
    Site.objects.bulk_create(new, batch_size=500)
    _open_columns()
    return len(new)


def _government_site_name(j: Jurisdiction) -> str:
    if j.level in (Jurisdiction.PREFECTURE, Jurisdiction.COUNTY):
        return f"{j.government_name}门户网站"
    return f"{j.name}网站"


def _open_columns() -> None:
    have = set(SiteColumn.objects.values_list("site_id", "key"))
    rows = [
        SiteColumn(site_id=pk, key=key, name=name, kind=kind, update_days=days, order=n)
        for pk, level in Site.objects.values_list("pk", "level")
        for n, (key, name, kind, days) in enumerate(LAYOUTS[level], start=1)
        if (pk, key) not in have
    ]
    SiteColumn.objects.bulk_create(rows, batch_size=1000)
