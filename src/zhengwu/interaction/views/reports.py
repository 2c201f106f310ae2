"""民意汇报: each month's published report."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from ..models import OpinionReport
from ._common import _site


def reports(request, code=None):
    j, prefix = _site(code)
    qs = OpinionReport.objects.filter(scope_path__startswith=j.path).select_related("agency")
    if j.parent_id:
        qs = qs.exclude(agency__isnull=True)
    return render(
        request, "interaction/reports.html", {"prefix": prefix, "reports": qs[:120], "j": j}
    )


def report(request, pk: int, code=None):
    j, prefix = _site(code)
    r = get_object_or_404(
        OpinionReport.objects.select_related("agency"), pk=pk, scope_path__startswith=j.path
    )
    return render(request, "interaction/report.html", {"r": r, "d": r.data, "prefix": prefix})
