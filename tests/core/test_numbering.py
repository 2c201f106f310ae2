"""core.numbering: one counter row per key and year. Eight threads take numbers of one new key
at once on their own connections (PostgreSQL: the SQLite test database is in memory and cannot
be opened from a second connection): every number from 1 to 8 once, none twice."""

import pytest

from tests.concurrency import numbers_taken_at_once, postgresql_only
from zhengwu.core import numbering

pytestmark = postgresql_only


@pytest.mark.django_db
def test_concurrent_first_numbers_of_a_year_are_all_different():
    key = "test:numbering:concurrent"
    got, last = numbers_taken_at_once(
        key, 2031, lambda: numbering.next_number(key, 2031, prefix="测试")
    )
    assert len(got) == 8 and set(got) == {f"测试〔2031〕{n}号" for n in range(1, 9)}
    assert last == 8
