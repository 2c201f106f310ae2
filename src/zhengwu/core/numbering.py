"""Document numbers (文号) from one counter table: 〔年份〕N号 and any other scheme.

`next_number(key, year, fmt, **parts)` takes the next N for one scope key in one year and
formats it. The key names what is counted, so that each office's series is its own, e.g.
``"result:<agency id>:许"`` for an agency's 准予行政许可决定书, ``"result:<agency id>:不许"`` for
its 不予 decisions. N starts at 1 in each new year. The format is data, a `str.format` string
with ``{year}`` and ``{n}`` (and any ``parts`` given), e.g. ``"{prefix}〔{year}〕{n}号"`` →
"吉首市市场监管许〔2026〕23号"; ``{n:05d}`` pads.

One statement takes the number: INSERT … ON CONFLICT (key, year) DO UPDATE SET last = last + 1
RETURNING last (PostgreSQL, and SQLite ≥ 3.35). It inserts the year's first row or increments
the existing one under its row lock, held until the caller's transaction commits: two numbers
are never the same, two first numbers of a year cannot both be 1, and a rolled-back issue gives
its number back. Numbers already issued are stored on their documents and never renumbered.
"""

from __future__ import annotations

from django.db import connection

from . import rows
from .models import Counter

DOCUMENT = "{prefix}〔{year}〕{n}号"


def next_value(key: str, year: int, count: int = 1) -> int:
    """The next N for `key` in `year` (1 for the first), the counter row left locked. With
    `count`, `count` numbers at once in the same statement: the last of them is returned, the
    first is N - count + 1."""
    quote = connection.ops.quote_name
    table = quote(Counter._meta.db_table)
    sql = (
        f"INSERT INTO {table} ({quote('key')}, {quote('year')}, {quote('last')})"  # noqa: S608
        f" VALUES (%s, %s, %s) ON CONFLICT ({quote('key')}, {quote('year')})"
        f" DO UPDATE SET {quote('last')} = {table}.{quote('last')} + %s RETURNING {quote('last')}"
    )
    with rows.cursor(rows.using(Counter), sql, [key, year, count, count]) as cursor:
        return cursor.fetchone()[0]


def next_number(key: str, year: int, fmt: str = DOCUMENT, **parts) -> str:
    """The next number of `key` in `year`, formatted: `fmt.format(year=…, n=…, **parts)`."""
    return fmt.format(year=year, n=next_value(key, year), **parts)
