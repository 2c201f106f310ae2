"""索引号: the agency's series per year, the pattern as a setting."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from django.core.exceptions import ImproperlyConfigured

from zhengwu.core import conf, numbering
from zhengwu.org.models import Agency

from ..models import (
    Document,
)
from ._common import DEFAULT_INDEX_SCHEME


def index_scheme() -> str:
    """The 索引号 pattern (settings.ZHENGWU_DISCLOSURE_INDEX_SCHEME): fields usci, agency_id,
    jurisdiction, year, seq. The default is the usual 统一社会信用代码/年份-流水号."""
    return conf.text("ZHENGWU_DISCLOSURE_INDEX_SCHEME", DEFAULT_INDEX_SCHEME)


def counter_key(agency_id: int) -> str:
    """The agency's 索引号 series in `core.numbering` (one counter per year)."""
    return f"disclosure.index:{agency_id}"


def next_index_no(agency: Agency, year: int) -> str:
    return reserve_index_nos(agency, {year: 1})[year][0]


def reserve_index_nos(
    agency: Agency, counts: dict[int, int], *, avoid: AbstractSet[str] = frozenset()
) -> dict[int, list[str]]:
    """The next `counts[year]` 索引号 of each year, in order, from the agency's counters
    (`core.numbering`, locked until the caller's transaction ends, given back if it rolls back):
    numbers already held by a document, or in `avoid` (an import's own 索引号), are skipped.
    Call inside the transaction that saves the documents."""
    scheme = index_scheme()
    if "{seq" not in scheme:
        raise ImproperlyConfigured("ZHENGWU_DISCLOSURE_INDEX_SCHEME 须包含 {seq}（流水号）")
    counts = {year: n for year, n in counts.items() if n > 0}
    key = counter_key(agency.pk)

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
            wanted = n - len(reserved[year])
            if wanted:
                last = numbering.next_value(key, year, wanted)
                for seq in range(last - wanted + 1, last + 1):
                    candidates[number(year, seq)] = year
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
    return reserved
