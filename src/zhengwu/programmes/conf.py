"""The app's configurable values (core.conf: a Django setting of the same name wins, else the
environment, else the default)."""

import datetime as dt

from zhengwu.core.conf import number, text


def plan_due(year: int) -> dt.date:
    """The day by which a county files its yearly 政务公开 plan: 3月31日 unless set
    (ZHENGWU_COUNTY_PLAN_DUE, "MM-DD")."""
    raw = text("ZHENGWU_COUNTY_PLAN_DUE", "03-31")
    try:
        month, day = (int(p) for p in raw.split("-"))
        return dt.date(year, month, day)
    except ValueError:
        return dt.date(year, 3, 31)


def centres_per_year() -> int:
    """How many centres a county standardizes each year at least (brief: 1–2)."""
    return number("ZHENGWU_CENTRES_PER_YEAR", 1)


def file_max_bytes() -> int:
    return number("ZHENGWU_PROGRAMME_FILE_MAX_KB", 20480) * 1024
