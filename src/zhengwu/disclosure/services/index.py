"""索引号: the agency's series per year, the pattern as a setting."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from zhengwu.core import conf
from zhengwu.org.models import Agency

from ..models import (
    Document,
    IndexCounter,
)
from ._common import DEFAULT_INDEX_SCHEME


def index_scheme() -> str:
    """The 索引号 pattern (settings.ZHENGWU_DISCLOSURE_INDEX_SCHEME): fields usci, agency_id,
    jurisdiction, year, seq. The default is the usual 统一社会信用代码/年份-流水号."""
    return conf.text("ZHENGWU_DISCLOSURE_INDEX_SCHEME", DEFAULT_INDEX_SCHEME)


def next_index_no(agency: Agency, year: int) -> str:
    return reserve_index_nos(agency, {year: 1})[year][0]


def reserve_index_nos(
    agency: Agency, counts: dict[int, int], *, avoid: set[str] = frozenset()
) -> dict[int, list[str]]:
    """The next `counts[year]` 索引号 of each year, in order, under a lock of the agency's
    counters: numbers already held by a document, or in `avoid` (an import's own 索引号), are
    skipped. Call inside the transaction that saves the documents."""
    scheme = index_scheme()
    if "{seq" not in scheme:
        raise ImproperlyConfigured("ZHENGWU_DISCLOSURE_INDEX_SCHEME 须包含 {seq}（流水号）")
    counts = {year: n for year, n in counts.items() if n > 0}
    locked = IndexCounter.objects.select_for_update().filter(agency=agency, year__in=list(counts))
    counters = {c.year: c for c in locked}
    if len(counters) < len(counts):
        IndexCounter.objects.bulk_create(
            [IndexCounter(agency=agency, year=y) for y in counts if y not in counters],
            ignore_conflicts=True,
        )
        counters = {c.year: c for c in locked.all()}

    def number(year: int, seq: int) -> str:
        return scheme.format(
            usci=agency.usci,
            agency_id=agency.pk,
            jurisdiction=agency.jurisdiction.code,
            year=year,
            seq=seq,
        )

    reserved: dict[int, list[str]] = {year: [] for year in counts}
    while True:
        candidates = {}
        for year, n in counts.items():
            counter = counters[year]
            for _ in range(n - len(reserved[year])):
                counter.last += 1
                candidates[number(year, counter.last)] = year
        if not candidates:
            break
        taken = set(avoid) & candidates.keys()
        taken |= set(
            Document.objects.filter(index_no__in=list(candidates)).values_list(
                "index_no", flat=True
            )
        )
        for candidate, year in candidates.items():
            if candidate not in taken:
                reserved[year].append(candidate)
    IndexCounter.objects.bulk_update(list(counters.values()), ["last"])
    return reserved
