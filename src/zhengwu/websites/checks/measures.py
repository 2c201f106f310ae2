"""The figure 考核 reads from the site checks (`core.measures`, AppConfig.ready)."""

from __future__ import annotations

from django.utils import timezone

from .models import SiteCheck


def veto_measure(j, agency=None, year=None) -> dict:
    """`websites.veto` (core.measures): a body's site checks of the year that a veto failed —
    a department's own site, or its government's site for a county (考核 单项否决)."""
    year = year or timezone.localdate().year
    qs = SiteCheck.objects.filter(year=year)
    qs = (
        qs.filter(site__agency=agency)
        if agency is not None
        else qs.filter(site__jurisdiction=j, site__agency__isnull=True)
    )
    vetoed = sum(1 for v in qs.values_list("vetoes", flat=True) if v)
    return {"numerator": vetoed, "denominator": qs.count(), "value": vetoed}
