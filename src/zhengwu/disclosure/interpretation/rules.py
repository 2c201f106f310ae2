"""The numbers of 解读回应, each a setting (src/zhengwu/settings.py says where it comes from):

- 政策解读 (三同步, 国办发〔2016〕80号): due ZHENGWU_INTERPRETATION_WORKDAYS working days (default 3,
  provincial practice, unverified) after the policy document's 发布日期, counted on the platform
  calendar as every working-day limit is (`core.calendar`: the day itself not counted).
- 回应关切 (80号, 国办发〔2016〕61号): from the incident or the concern, 5 h for the authoritative
  information and 24 h for the press conference in a major emergency, 48 h for other 政务舆情.
- 新闻发布会 (国办发〔2013〕100号): ZHENGWU_PRESS_CONFERENCES_PER_YEAR a year (default 4, one a
  quarter).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from zhengwu.core import calendar

# The genres that must be interpreted (domain rules §3: 政府规章, 行政规范性文件).
POLICY_GENRES = ("规章", "行政规范性文件")


def interpretation_workdays() -> int:
    return int(settings.ZHENGWU_INTERPRETATION_WORKDAYS)


def interpretation_due(published_on: dt.date, jurisdiction_code: str = "") -> dt.date:
    """The last day an interpretation of a document published on `published_on` is on time."""
    return calendar.add_workdays(published_on, interpretation_workdays(), jurisdiction_code)


def overdue_before(today: dt.date, jurisdiction_code: str = "") -> dt.date:
    """Documents published before the returned day are past their interpretation's due date
    today (due < today); one query bound for the lists and the workbench panel."""
    day = today
    while interpretation_due(day - dt.timedelta(days=1), jurisdiction_code) >= today:
        day -= dt.timedelta(days=1)
    return day


def concern_hours(kind: str) -> int:
    from .models import ConcernResponse

    return int(
        {
            ConcernResponse.AUTHORITATIVE: settings.ZHENGWU_CONCERN_HOURS_AUTHORITATIVE,
            ConcernResponse.PRESS: settings.ZHENGWU_CONCERN_HOURS_PRESS,
        }.get(kind, settings.ZHENGWU_CONCERN_HOURS_OTHER)
    )


def concern_due(kind: str, occurred_at: dt.datetime) -> dt.datetime:
    return occurred_at + dt.timedelta(hours=concern_hours(kind))


def press_due(incident_at: dt.datetime) -> dt.datetime:
    """An emergency's press conference: within 24 h of the incident (80号, 61号)."""
    return incident_at + dt.timedelta(hours=int(settings.ZHENGWU_CONCERN_HOURS_PRESS))


def press_per_year() -> int:
    return int(settings.ZHENGWU_PRESS_CONFERENCES_PER_YEAR)
