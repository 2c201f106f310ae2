"""The registry of figures that need an app's data: the business apps (cases, disclosure,
interaction, ratings) register providers here, and the readers (supervision, assessment) read
them from here, so neither side imports the other (apps depend downwards, as the workbench
panels of `portal.workbench`; see docs/architecture.md).

An app registers in its AppConfig.ready():

    from zhengwu.core import measures
    measures.register("cases.on_time", on_time, label="办件按期办结率")

where `on_time(jurisdiction, agency=None, year=None)` returns
{"numerator": n, "denominator": d} (and optionally "value"; otherwise n / d) for the
jurisdiction's subtree (`jurisdiction.path`), optionally one agency (`agency` an org.Agency) and
one calendar year (None = the current year). A figure without a provider shows "暂无数据".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Provider:
    name: str
    fn: Callable
    label: str


_providers: dict[str, Provider] = {}

# The providers the other apps are expected to register (name → what it measures).
EXPECTED = {
    "cases.on_time": "办件按期办结率（按期办结件数 / 办结件数）",
    "cases.actual_vs_statutory": "实际办理时间比法定时限缩短比例（Σ(法定−实际) / Σ法定，工作日）",
    "cases.one_visit": "一次办结率（最多跑一次的办件 / 办件）",
    "cases.online": "网上办件率（网上申请的办件 / 办件）",
    "disclosure.requests_on_time": "依申请公开按期答复率（按期答复 / 已答复）",
    "disclosure.guides_revised": "本年度已修订公开指南和公开目录的机关 / 机关总数",
    "disclosure.annual_report_on_time": "按时（1月31日前）公布年度报告的机关 / 应公布机关",
    "disclosure.published_on_time": "主动公开按时发布率（20个工作日内公开 / 应公开）",
    "interaction.messages_on_time": "留言按期答复率（按期答复 / 已答复）",
    "ratings.good_rate": "好差评好评率（好评 / 评价总数）",
    # value = the body's site checks of the year failed by a 单项否决; > 0 → 考核 不合格.
    "websites.veto": "网站检查单项否决（次）",
    # fn(jurisdiction, agency=None, year=None, agency_ids=…): the annual report's table 二 reads
    # these for a body's agencies; the value is the figure itself.
    "cases.licensing_decisions": "本年作出的行政许可决定数（件）",
    "cases.fees_collected": "本年收取的行政事业性收费（元）",
    # fn(jurisdiction, agency=None, year=None, month=None): denominator = services that could
    # be rated in that month (completed cases, answered requests, replied messages). Each app
    # registers its part as `ratings.rateable.<what>`; the ratings app sums the parts.
    "ratings.rateable": "可评价的服务总数（办结件、已答复申请、已答复留言；未评率的分母）",
}


def register(name: str, fn: Callable, *, label: str = "") -> None:
    _providers[name] = Provider(name, fn, label or EXPECTED.get(name, name))


def unregister(name: str) -> None:
    _providers.pop(name, None)


def provider(name: str) -> Provider | None:
    return _providers.get(name)


def registered(name: str) -> bool:
    return name in _providers


def names(prefix: str) -> list[str]:
    """The registered providers whose name starts with `prefix` (parts of one figure that several
    apps provide, e.g. `ratings.rateable.cases`, `…requests`, `…messages`)."""
    return sorted(n for n in _providers if n.startswith(prefix))


def label(name: str) -> str:
    p = _providers.get(name)
    return p.label if p else EXPECTED.get(name, name)


def figure(numerator, denominator, value=None) -> dict:
    """{numerator, denominator, value}; value is a percentage rounded to 0.1, None when d = 0."""
    n, d = Decimal(str(numerator or 0)), Decimal(str(denominator or 0))
    if value is None and d:
        value = round(float(n * 100 / d), 1)
    return {
        "numerator": float(n) if n % 1 else int(n),
        "denominator": float(d) if d % 1 else int(d),
        "value": value,
    }


def measure(name: str, jurisdiction, *, agency=None, year=None, **extra) -> dict | None:
    """The provider's figure, or None when no app provides it (shown as 暂无数据).
    `extra` is passed on to providers that take more (`ratings.rateable` takes `month`)."""
    p = _providers.get(name)
    if p is None:
        return None
    raw = p.fn(jurisdiction, agency=agency, year=year, **extra) or {}
    return figure(raw.get("numerator"), raw.get("denominator"), raw.get("value"))
