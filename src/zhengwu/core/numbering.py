"""Document numbers (文号) from one counter table: 〔年份〕N号 and any other scheme.

`next_number(key, year, fmt, **parts)` takes the next N for one scope key in one year and
formats it. The key names what is counted, so that each office's series is its own, e.g.
``"result:<agency id>:许"`` for an agency's 准予行政许可决定书, ``"result:<agency id>:不许"`` for
its 不予 decisions. N starts at 1 in each new year. The format is data, a `str.format` string
with ``{year}`` and ``{n}`` (and any ``parts`` given), e.g. ``"{prefix}〔{year}〕{n}号"`` →
"吉首市市场监管许〔2026〕23号"; ``{n:05d}`` pads.

The counter row is incremented by a single UPDATE inside the caller's transaction, so the row
stays locked until that transaction commits: two numbers are never the same, and a rolled-back
issue gives its number back. The first number of a key and year inserts the row; a concurrent
insert of the same row loses on the unique constraint and increments the winner's row.
Numbers already issued are stored on their documents and are never renumbered.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import Counter

DOCUMENT = "{prefix}〔{year}〕{n}号"


def next_value(key: str, year: int) -> int:
    """The next N for `key` in `year` (1 for the first), the counter row left locked."""
    with transaction.atomic():
        rows = Counter.objects.filter(key=key, year=year)
        if not rows.update(last=F("last") + 1):
            try:
                with transaction.atomic():
                    Counter.objects.create(key=key, year=year, last=1)
                return 1
            except IntegrityError:  # created meanwhile by another transaction
                rows.update(last=F("last") + 1)
        return rows.values_list("last", flat=True).get()


def next_number(key: str, year: int, fmt: str = DOCUMENT, **parts) -> str:
    """The next number of `key` in `year`, formatted: `fmt.format(year=…, n=…, **parts)`."""
    return fmt.format(year=year, n=next_value(key, year), **parts)
