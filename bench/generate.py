"""Synthetic data for benchmarks, built on the real Xiangxi divisions.

Deterministic (seeded) and reusable by later benchmarks:

    import generate
    generate.agencies(10_000)            # 10,000 agencies with valid 统一社会信用代码, saved
    generate.agency_rows(n, seed=1)      # the same, unsaved, to bulk_create yourself
    generate.workday_inputs(n, seed=1)   # (start date, working days) pairs for the calendar

Call them after django.setup() and with the divisions imported (`import_divisions`).
"""

from __future__ import annotations

import datetime as dt
import random

from zhengwu.org.demo import usci_for
from zhengwu.org.models import Agency, Jurisdiction

# Where generated agencies sit: most at the county and township level, as in a real prefecture.
LEVEL_WEIGHTS = {
    Jurisdiction.PREFECTURE: 5,
    Jurisdiction.COUNTY: 35,
    Jurisdiction.TOWNSHIP: 40,
    Jurisdiction.VILLAGE: 20,
}
KIND_WEIGHTS = {
    Agency.DEPARTMENT: 55,
    Agency.INSTITUTION: 30,
    Agency.ENTERPRISE: 10,
    Agency.GOVERNMENT: 5,
}
FIRST_SERIAL = 500_000  # clear of the demo's serials (10,000–99,999)
WORDS = [
    "农业",
    "水利",
    "交通",
    "林业",
    "文旅",
    "医保",
    "应急",
    "司法",
    "审计",
    "统计",
    "信访",
    "档案",
    "气象",
    "供销",
    "邮政",
    "电力",
]


def _county_code(j: Jurisdiction) -> str:
    """The 6-digit region code a credit code carries: the county (or the 州) of `j`."""
    return j.code[:6] if j.level != Jurisdiction.PREFECTURE else j.code


def agency_rows(n: int, *, seed: int = 433100, first_serial: int = FIRST_SERIAL) -> list[Agency]:
    """`n` unsaved agencies spread over the jurisdictions, each with a valid, unique USCI."""
    rng = random.Random(seed)
    by_level: dict[str, list[Jurisdiction]] = {level: [] for level in LEVEL_WEIGHTS}
    for j in Jurisdiction.objects.all():
        by_level[j.level].append(j)
    levels = [lvl for lvl in LEVEL_WEIGHTS if by_level[lvl]]
    level_weights = [LEVEL_WEIGHTS[lvl] for lvl in levels]
    kinds, kind_weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    rows = []
    for i in range(n):
        j = rng.choice(by_level[rng.choices(levels, level_weights)[0]])
        kind = rng.choices(kinds, kind_weights)[0]
        registry = (
            "91" if kind == Agency.ENTERPRISE else ("12" if kind == Agency.INSTITUTION else "11")
        )
        word = rng.choice(WORDS)
        rows.append(
            Agency(
                usci=usci_for(_county_code(j), first_serial + i, registry=registry),
                name=f"{j.short_name}{word}服务站{i}",
                short_name=f"{word}{i}",
                kind=kind,
                jurisdiction=j,
                scope_path=j.path,  # bulk_create skips Agency.save(), which sets it
            )
        )
    return rows


def agencies(n: int, *, seed: int = 433100, batch_size: int = 2000) -> int:
    """Create `n` generated agencies (skipping any whose credit code already exists)."""
    rows = agency_rows(n, seed=seed)
    existing = set(Agency.objects.filter(usci__gte=" ").values_list("usci", flat=True))
    new = [a for a in rows if a.usci not in existing]
    Agency.objects.bulk_create(new, batch_size=batch_size)
    return len(new)


def workday_inputs(
    n: int,
    *,
    seed: int = 1,
    first: dt.date = dt.date(2024, 1, 1),
    last: dt.date = dt.date(2026, 9, 15),
) -> list[tuple[dt.date, int]]:
    """(start, N) pairs: starts over years with an official calendar, N from 1 to 60 working
    days (a 补正 notice of 7 to a 40-day extended request and beyond). The default span ends
    early enough that every due date stays inside 2026, the last year chinesecalendar knows."""
    rng = random.Random(seed)
    span = (last - first).days
    return [(first + dt.timedelta(days=rng.randrange(span)), rng.randint(1, 60)) for _ in range(n)]
