"""满意度 (R6.3): 好评率 = 好评 (非常满意 + 满意) / 有效评价, by month and by year, for a
jurisdiction and per county, per body and per window, each beside the same figure a year
earlier (同比, in percentage points). Only valid ratings count (one set aside on appeal counts
nowhere), as in `stats`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import ExtractMonth

from zhengwu.core.errors import Invalid
from zhengwu.org.models import Jurisdiction

from . import province
from .models import Rating
from .stats import GOOD


def parse_year(value, *, today: dt.date) -> int:
    text = str(value or "").strip()
    if not text:
        return today.year
    if not text.isdigit() or not 2015 <= int(text) <= today.year:
        raise Invalid(f"年度应为2015至{today.year}年之间的年份", code="year_invalid", field="year")
    return int(text)


def rate(good: int, total: int) -> Decimal | None:
    if not total:
        return None
    return (Decimal(good) * 100 / Decimal(total)).quantize(Decimal("0.01"))


def change(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    """同比: this year's rate minus last year's, in percentage points."""
    if now is None or before is None:
        return None
    return now - before


def _ratings(j: Jurisdiction, year: int, agency_id: int | None = None):
    qs = Rating.objects.filter(
        scope_path__startswith=j.path, state=Rating.VALID, rated_at__year=year
    )
    return qs.filter(agency_id=agency_id) if agency_id else qs


COUNTS = {"total": Count("id"), "good": Count("id", filter=GOOD)}


def _grouped(j, year, key: str, agency_id=None) -> dict:
    rows = _ratings(j, year, agency_id).values(key).annotate(**COUNTS)
    return {r[key]: (r["good"], r["total"]) for r in rows}


def monthly(j: Jurisdiction, year: int, agency_id: int | None = None) -> list[dict]:
    """Twelve rows: 评价数, 好评数, 好评率 and the same month a year earlier."""

    def by_month(y):
        qs = _ratings(j, y, agency_id).annotate(m=ExtractMonth("rated_at"))
        return {r["m"]: (r["good"], r["total"]) for r in qs.values("m").annotate(**COUNTS)}

    now, before = by_month(year), by_month(year - 1)
    out = []
    for m in range(1, 13):
        good, total = now.get(m, (0, 0))
        last = rate(*before.get(m, (0, 0)))
        out.append(
            {
                "month": m,
                "total": total,
                "good": good,
                "rate": rate(good, total),
                "last": last,
                "change": change(rate(good, total), last),
            }
        )
    return out


def _rows(now: dict, before: dict, names: dict) -> list[dict]:
    out = []
    for key, name in names.items():
        good, total = now.get(key, (0, 0))
        if not total and key not in before:
            continue
        this, last = rate(good, total), rate(*before.get(key, (0, 0)))
        out.append(
            {
                "key": key,
                "name": name,
                "total": total,
                "good": good,
                "rate": this,
                "last": last,
                "change": change(this, last),
            }
        )
    return sorted(out, key=lambda r: (r["rate"] is None, -(r["rate"] or 0), -r["total"]))


def by_county(j: Jurisdiction, year: int) -> list[dict]:
    """Each child jurisdiction (the counties of the 州, the townships of a county)."""
    children = {c.path: c.name for c in j.children.all()}

    def grouped(y):
        out: dict = {}
        for path in children:
            agg = _ratings(j, y).filter(scope_path__startswith=path).aggregate(**COUNTS)
            if agg["total"]:
                out[path] = (agg["good"], agg["total"])
        return out

    return _rows(grouped(year), grouped(year - 1), children)


def by_agency(j: Jurisdiction, year: int, agency_id: int | None = None) -> list[dict]:
    now = _grouped(j, year, "agency_id", agency_id)
    before = _grouped(j, year - 1, "agency_id", agency_id)
    from zhengwu.org.models import Agency

    names = dict(Agency.objects.filter(pk__in=set(now) | set(before)).values_list("pk", "name"))
    return _rows(now, before, names)


def by_window(j: Jurisdiction, year: int, agency_id: int | None = None) -> list[dict]:
    now = _grouped(j, year, "window_id", agency_id)
    before = _grouped(j, year - 1, "window_id", agency_id)
    from zhengwu.org.models import Window

    ids = (set(now) | set(before)) - {None}
    names = {
        w.pk: f"{w.centre.name} {w.number}号窗口 {w.name}"
        for w in Window.objects.filter(pk__in=ids).select_related("centre")
    }
    return _rows(now, before, names)


def report(j: Jurisdiction, year: int, agency_id: int | None = None) -> dict:
    """Everything the satisfaction pages and the API show for one jurisdiction and year."""
    year_now = _ratings(j, year, agency_id).aggregate(**COUNTS)
    year_before = _ratings(j, year - 1, agency_id).aggregate(**COUNTS)
    this, last = (
        rate(year_now["good"], year_now["total"]),
        rate(year_before["good"], year_before["total"]),
    )
    months = monthly(j, year, agency_id)
    return {
        "jurisdiction": j,
        "year": year,
        "total": year_now["total"],
        "good": year_now["good"],
        "rate": this,
        "last": last,
        "change": change(this, last),
        "months": months,
        "counties": [] if agency_id else by_county(j, year),
        "agencies": by_agency(j, year, agency_id)[:50],
        "windows": by_window(j, year, agency_id)[:50],
        "standing": province.standing(year) if j.parent_id is None and not agency_id else None,
        "chart": {
            "months": [f"{m['month']}月" for m in months],
            "rate": [None if m["rate"] is None else float(m["rate"]) for m in months],
            "last": [None if m["last"] is None else float(m["last"]) for m in months],
            "year": year,
        },
    }
