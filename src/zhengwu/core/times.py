"""Times as people read them: 北京时间 to the second, `2026-12-06 21:04:27`, on every page and in
every export of the audit trail (the template filter `{{ value|beijing }}` of `core_times`
calls `beijing`)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")
FORMAT = "%Y-%m-%d %H:%M:%S"


def beijing(value) -> str:
    """A moment in 北京时间 to the second. Takes an aware or naive (UTC, as stored) datetime, a
    date (shown as it is) or an ISO 8601 text (a date in a snapshot, `exported_at` of an audit
    head file); anything else is shown as it is, and nothing as ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return value
        if "T" not in value and " " not in value.strip():
            return parsed.date().isoformat()  # a date: no time of day to convert
        value = parsed
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(BEIJING).strftime(FORMAT)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def now_in_beijing() -> dt.datetime:
    """Now, aware, in 北京时间 (for what is written out: `exported_at`)."""
    return dt.datetime.now(BEIJING).replace(microsecond=0)
