"""What the 政民互动 services share: clocks' names, the law's limits, checks of input."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from zhengwu.core import clock, limits, numbering
from zhengwu.core.errors import Invalid
from zhengwu.core.models import Clock

REPLY_CLOCK = "留言答复"
PETITION_ACCEPT_CLOCK = "信访受理告知"
PETITION_HANDLE_CLOCK = "信访事项办理"
COMPLAINT_ACCEPT_CLOCK = "行政投诉受理审查"
COMPLAINT_ANSWER_CLOCK = "行政投诉办理"

# Numbers (core.numbering), the format as data: one counter per county-level 区划 and year, so
# that a message's number keeps its 14 characters (2026 433123 0001) and a complaint's is
# TS 2026 433123 0001. Those issued before (the date and a random draw) stay valid and cannot
# recur: their 5th-6th digits are a month, a county code's its province (43 here); where the two
# could meet (北京 11, 天津 12) migration 0002 starts the counter above any such number.
NUMBER_FORMATS = {"message": "{year}{county}{n:04d}", "complaint": "TS{year}{county}{n:04d}"}

PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def _today() -> dt.date:
    return timezone.localdate()


def _jcode(scope_path: str) -> str:
    return scope_path.rstrip("/").split("/")[-1]


def _law(code: str, scope_path: str) -> dict:
    """A clock's length and unit from the statutory limit (core.limits) where the record is."""
    law = limits.get(code, _jcode(scope_path))
    return {"limit": law.days, "unit": law.unit}


def _text(value, label: str, field: str, *, min_len: int = 1, max_len: int = 5000) -> str:
    value = (value or "").strip()
    if len(value) < min_len:
        raise Invalid(
            f"请填写{label}" + (f"（至少{min_len}个字）" if min_len > 1 else ""),
            code=f"{field}_required",
            field=field,
        )
    if len(value) > max_len:
        raise Invalid(f"{label}过长（不超过{max_len}个字）", code=f"{field}_too_long", field=field)
    return value


def _whole_days(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Invalid("延长天数应为整数", code="days_invalid", field="days") from None


def _open_clock(subject, purpose: str) -> Clock | None:
    return clock.clocks_of(subject).filter(purpose=purpose).exclude(state=Clock.STOPPED).first()


def _stop_open_clocks(subject, on: dt.date) -> None:
    for c in clock.clocks_of(subject).exclude(state=Clock.STOPPED):
        clock.stop(c, on=on)


def _invalid_choice(value, choices, label, field):
    if value not in dict(choices):
        raise Invalid(f"请选择有效的{label}", code=f"{field}_invalid", field=field)
    return value


def issue_number(kind: str, scope_path: str, on: dt.date) -> str:
    """The next number of `kind` ("message", "complaint") in the county of `scope_path` for the
    year of `on`; the counter row stays locked until the caller's transaction ends."""
    county = _jcode(scope_path)[:6]
    key = f"interaction.{kind}:{county}"
    return numbering.next_number(key, on.year, NUMBER_FORMATS[kind], county=county)


def _date(value, label: str, field: str) -> dt.date:
    """A day from a form or the API (a date, or YYYY-MM-DD)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise Invalid(f"请填写{label}（年-月-日）", code=f"{field}_invalid", field=field) from None


def _moment(value, label: str, field: str) -> dt.datetime:
    """A time from a form (YYYY-MM-DDTHH:MM, Beijing time) or the API (aware or Beijing)."""
    if not isinstance(value, dt.datetime):
        try:
            value = dt.datetime.fromisoformat(str(value or "").strip())
        except ValueError:
            raise Invalid(
                f"请填写{label}（年-月-日 时:分）", code=f"{field}_invalid", field=field
            ) from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value
