"""The 解读回应 figures supervision and assessment read (`zhengwu.core.measures`)."""

from __future__ import annotations

from django.utils import timezone

from zhengwu.disclosure.models import Document

from . import queries


def press_conferences(j, agency=None, year=None) -> dict:
    """新闻发布会场次达标: governments of the subtree (or `agency`) that held at least
    ZHENGWU_PRESS_CONFERENCES_PER_YEAR conferences in the year / those governments."""
    year = year or timezone.localdate().year
    agencies = queries.governments_under(j.path)
    if agency is not None:
        agencies = agencies.model.objects.filter(pk=agency.pk)
    rows = queries.yearly_counts(agencies, year)
    return {"numerator": sum(1 for a in rows if a.enough), "denominator": len(rows)}


def interpreted(j, agency=None, year=None) -> dict:
    """政策解读率: policy documents published in the year with a published interpretation /
    policy documents published in the year (三同步)."""
    docs = Document.objects.filter(
        scope_path__startswith=j.path, published_on__year=year or timezone.localdate().year
    )
    if agency is not None:
        docs = docs.filter(agency_id=agency.pk)
    return {
        "numerator": queries.interpreted(docs).count(),
        "denominator": queries.policy_documents(docs).count(),
    }
