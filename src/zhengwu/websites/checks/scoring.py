"""The arithmetic of 国办秘函〔2019〕19号 (domain-rules-trading-sites-archive §2.1): any veto →
不合格 and nothing else is scored; otherwise 100 minus the deductions (each indicator capped at
its weight; a department without external services is scored out of 75 and × 4/3); < 60 →
不合格; > 80 → the bonus items too (portals only, at most 20)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from .context import Hit
from .models import Finding

ONE = Decimal("0.1")
BONUS_MAX = Decimal(20)


def caps() -> dict[str, Decimal]:
    """Each deduction indicator's weight: its deductions never exceed it."""
    return {
        "policy_stale": Decimal(settings.ZHENGWU_SITE_POLICY_STALE_POINTS),
        "service_stats_stale": Decimal(settings.ZHENGWU_SITE_SERVICE_STATS_POINTS),
        "replies_stale": Decimal(settings.ZHENGWU_SITE_REPLY_POINTS),
        "uninterpreted": Decimal(settings.ZHENGWU_SITE_UNINTERPRETED_CAP),
        "no_leaders": Decimal(settings.ZHENGWU_SITE_NO_LEADERS_POINTS),
        "no_survey": Decimal(settings.ZHENGWU_SITE_NO_SURVEY_POINTS),
        "no_site_code": Decimal(settings.ZHENGWU_SITE_NO_CODE_POINTS),
        "broken_links": Decimal(settings.ZHENGWU_SITE_BROKEN_LINK_CAP),
    }


@dataclass(frozen=True)
class Score:
    passed: bool
    vetoes: list[str]
    base: Decimal | None
    bonus: Decimal
    total: Decimal | None
    scaled: bool


def score(hits: list[Hit], *, portal: bool, scaled: bool = False) -> Score:
    vetoes = list(dict.fromkeys(h.name for h in hits if h.kind == Finding.VETO))
    if vetoes:
        return Score(False, vetoes, None, Decimal(0), None, scaled)
    limits = caps()
    taken: dict[str, Decimal] = {}
    for h in hits:
        if h.kind in (Finding.DEDUCT, Finding.LINK):
            code = "broken_links" if h.kind == Finding.LINK else h.code
            taken[code] = taken.get(code, Decimal(0)) + h.points
    deducted = sum((min(v, limits.get(code, v)) for code, v in taken.items()), Decimal(0))
    if scaled:
        base = max(Decimal(0), Decimal(75) - deducted) * 4 / 3
    else:
        base = max(Decimal(0), Decimal(100) - deducted)
    base = base.quantize(ONE, ROUND_HALF_UP)
    bonus = Decimal(0)
    if portal and base > 80:
        bonus = min(BONUS_MAX, sum((h.points for h in hits if h.kind == Finding.BONUS), Decimal(0)))
    return Score(base >= 60, [], base, bonus, base + bonus, scaled)
