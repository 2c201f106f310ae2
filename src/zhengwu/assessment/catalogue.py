"""The automatic indicators the office may choose from, in its words: every registered
`core.measures` provider (another app's, registered when it is installed) and the timeliness of
every kind of legal clock (`core.Clock`: on time / closed in the year), read here.

A source is stored on the indicator as a string: a provider's name (`cases.on_time`) or
`clock:<purpose>` for a clock's timeliness, where a purpose of several steps
(`环节时限：受理`, `环节时限：审查`…) is grouped by the words before “：”."""

from __future__ import annotations

from django.apps import apps
from django.core.cache import cache
from django.db.models import Avg, Count, F, Q, Sum
from django.utils import timezone

from zhengwu.core import measures
from zhengwu.core.models import Clock

CLOCK = "clock:"
# Providers that are not an indicator of their own: the parts of a sum another reader adds
# up, the 单项否决 (applied to every scheme, services.VETO_PROVIDER) and the survey figure
# that a 公众评议 indicator reads with its linked survey.
NOT_INDICATORS = ("ratings.rateable", "websites.veto", "interaction.survey_satisfaction")
SITE_SCORE = "assessment.site_check_score"


PURPOSES_KEY = "assessment.clock_purposes"
PURPOSES_SECONDS = 600  # a new kind of clock shows in the picker within ten minutes


def _clock_purposes() -> list[str]:
    """The kinds of clock there are, read once in a while: the clock table is the largest."""

    def read() -> list[str]:
        purposes = Clock.objects.values_list("purpose", flat=True).distinct()
        return sorted({p.split("：", 1)[0] for p in purposes if p})

    return cache.get_or_set(PURPOSES_KEY, read, PURPOSES_SECONDS) or []


def clock_label(purpose: str) -> str:
    return f"{purpose}按期完成率（时限内办结 / 本年办结，电子监察计时）"


def choices() -> list[tuple[str, str]]:
    """(source, Chinese label) for the automatic indicator picker."""
    out = [
        (name, measures.label(name))
        for name in measures.names("")
        if not name.startswith(NOT_INDICATORS)
    ]
    out += [(CLOCK + p, clock_label(p)) for p in _clock_purposes()]
    return out


def label(source: str) -> str:
    if source.startswith(CLOCK):
        return clock_label(source[len(CLOCK) :])
    return measures.label(source) if source else ""


def known(source: str) -> bool:
    return any(source == s for s, _ in choices())


def figure(source: str, j, *, agency=None, year: int) -> dict | None:
    """The source's figure for a county (`j`) or a 州 department (`agency`) in `year`."""
    if source.startswith(CLOCK):
        return clock_on_time(source[len(CLOCK) :], j, agency=agency, year=year)
    return measures.measure(source, j, agency=agency, year=year)


def clock_on_time(purpose: str, j, *, agency=None, year: int) -> dict:
    """Clocks of `purpose` (or its steps, `purpose：…`) stopped in `year` within the
    jurisdiction's subtree or of one agency: stopped on or before the due date / stopped. A
    clock stopped while suspended (no due date) did not run late."""
    qs = Clock.objects.filter(
        Q(purpose=purpose) | Q(purpose__startswith=f"{purpose}："),
        state=Clock.STOPPED,
        stopped_on__year=year,
        scope_path__startswith=j.path,
    )
    if agency is not None:
        qs = qs.filter(agency_id=agency.pk)
    agg = qs.aggregate(
        n=Count("id"),
        on_time=Count("id", filter=Q(due_date__isnull=True) | Q(stopped_on__lte=F("due_date"))),
    )
    return measures.figure(agg["on_time"], agg["n"])


def site_check_score(j, agency=None, year=None) -> dict:
    """政府网站检查得分: the mean score of the year's quarterly checks of the body's own site (a
    department's, or its government's for a county); a check a veto stopped has no score and is
    left to the 单项否决."""
    SiteCheck = apps.get_model("website_checks", "SiteCheck")
    qs = SiteCheck.objects.filter(year=year or timezone.localdate().year, score__isnull=False)
    qs = (
        qs.filter(site__agency=agency)
        if agency is not None
        else qs.filter(site__jurisdiction=j, site__agency__isnull=True)
    )
    agg = qs.aggregate(n=Count("id"), total=Sum("score"), mean=Avg("score"))
    mean = round(float(agg["mean"]), 1) if agg["mean"] is not None else None
    return {"numerator": agg["total"] or 0, "denominator": agg["n"], "value": mean}


def register() -> None:
    """AppConfig.ready: the site checks' score, when the checks are installed."""
    if apps.is_installed("zhengwu.websites.checks"):
        measures.register(SITE_SCORE, site_check_score, label="政府网站检查平均得分（季度检查）")
