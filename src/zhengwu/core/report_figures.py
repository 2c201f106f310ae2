"""The registry of the annual report's figures that another app holds (as `core.measures` for
the dashboards): table 二 of the 政府信息公开工作年度报告 counts the 行政许可 decisions and the
fees collected, which are the cases' data, while the report belongs to disclosure. The app
holding the data registers a provider in its AppConfig.ready():

    from zhengwu.core import report_figures
    report_figures.register("licensing_decisions", fn)

where `fn(agency_ids, year)` returns the figure for those agencies and that calendar year.
Disclosure reads it with `report_figures.value(name, agency_ids, year)`, None when no app
provides it; neither side imports the other (docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Callable

# The figures the report asks for (name → what it is).
EXPECTED = {
    "licensing_decisions": "本年作出的行政许可决定数（件）",
    "fees_collected": "本年收取的行政事业性收费（元）",
}

_providers: dict[str, Callable] = {}


def register(name: str, fn: Callable) -> None:
    _providers[name] = fn


def unregister(name: str) -> None:
    _providers.pop(name, None)


def value(name: str, agency_ids: list[int], year: int):
    fn = _providers.get(name)
    return None if fn is None else fn(agency_ids, year)
