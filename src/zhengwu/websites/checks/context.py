"""What every indicator reads: the sites to check, the check day, and each site's bodies (the
agencies whose records are the site's: a government site's are every agency of its jurisdiction,
a department site's is its own agency), loaded once for all sites in a few queries.

An indicator is a function `fn(ctx) -> Iterable[Hit]` over all the sites at once (indicators.py):
a handful of grouped queries, never a query per site."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.conf import settings

from zhengwu.core.times import BEIJING
from zhengwu.org.models import Agency
from zhengwu.websites.models import Site

PORTALS = (Site.PREFECTURE, Site.COUNTY)


@dataclass(frozen=True)
class SiteRow:
    pk: int
    name: str
    level: str
    jurisdiction_id: int
    agency_id: int | None
    scope_path: str
    jurisdiction_code: str
    is_root: bool
    usci: str

    @property
    def code(self) -> str:
        """The site's code in addresses and the API: its jurisdiction's code, or for a department
        site its agency's 统一社会信用代码."""
        return self.usci if self.agency_id else self.jurisdiction_code

    @property
    def home(self) -> str:
        """The site's home page, as a path on the platform."""
        prefix = "" if self.is_root else f"/site/{self.jurisdiction_code}"
        return f"{prefix}/bm/{self.usci}/" if self.agency_id else f"{prefix}/"

    @property
    def prefix(self) -> str:
        return "" if self.is_root else f"/site/{self.jurisdiction_code}"

    def column_page(self, key: str) -> str:
        return f"{self.home}lm/{key}/"


@dataclass(frozen=True)
class Hit:
    """One finding before it is stored: what was found, where, and about which record."""

    site_id: int
    code: str
    name: str
    kind: str  # Finding.VETO / DEDUCT / BONUS / LINK
    found: str
    page: str = ""
    points: Decimal = Decimal(0)
    target: str = ""
    object_type: str = ""
    object_id: int | None = None


@dataclass
class Context:
    day: dt.date
    sites: list[SiteRow]
    probe_ok: bool = True
    _cache: dict = field(default_factory=dict)

    @property
    def end(self) -> dt.datetime:
        """The end of the check day, Beijing time: content published after it does not count."""
        return dt.datetime.combine(self.day + dt.timedelta(days=1), dt.time(), tzinfo=BEIJING)

    def days_before(self, n: int) -> dt.date:
        return self.day - dt.timedelta(days=n)

    def months_before(self, n: int) -> dt.date:
        """The same day `n` months earlier (the month's last day when it has no such day)."""
        month = self.day.month - n
        year = self.day.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        for d in (self.day.day, 30, 29, 28):
            try:
                return dt.date(year, month, d)
            except ValueError:
                continue
        raise AssertionError("unreachable")

    def at_start(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), tzinfo=BEIJING)

    @cached_property
    def agencies_of_jurisdiction(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for pk, j in Agency.objects.values_list("pk", "jurisdiction_id"):
            out[j].append(pk)
        return out

    def bodies(self, site: SiteRow) -> list[int]:
        if site.agency_id:
            return [site.agency_id]
        return self.agencies_of_jurisdiction.get(site.jurisdiction_id, [])

    def per_site(self, by_agency: Mapping[int, Any], combine: Callable = max) -> dict[int, Any]:
        """A figure per agency → the figure per site, over the site's bodies."""
        out = {}
        for s in self.sites:
            values = [by_agency[a] for a in self.bodies(s) if by_agency.get(a) is not None]
            if values:
                out[s.pk] = combine(values)
        return out


def load_sites(site_ids: list[int] | None = None) -> list[SiteRow]:
    """The sites named, or every site of the levels checked (ZHENGWU_SITE_CHECK_LEVELS)."""
    qs = Site.objects.all()
    if site_ids is not None:
        qs = qs.filter(pk__in=site_ids)
    else:
        qs = qs.filter(level__in=settings.ZHENGWU_SITE_CHECK_LEVELS)
    rows = qs.values_list(
        "pk",
        "name",
        "level",
        "jurisdiction_id",
        "agency_id",
        "scope_path",
        "jurisdiction__code",
        "jurisdiction__parent_id",
        "agency__usci",
    ).order_by("scope_path", "agency_id", "pk")
    return [
        SiteRow(pk, name, level, j, a, path, code, parent is None, usci or "")
        for pk, name, level, j, a, path, code, parent, usci in rows
    ]
