"""core.numbering: one counter row per key and year. Eight threads take numbers of one new key
at once on their own connections (PostgreSQL: the SQLite test database is in memory and cannot
be opened from a second connection): every number from 1 to 8 once, none twice."""

import threading

import pytest
from django.db import connection, transaction

from zhengwu.core import numbering
from zhengwu.core.models import Counter

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs several real connections (PostgreSQL)"
)


@pytest.mark.django_db
def test_concurrent_first_numbers_of_a_year_are_all_different():
    key, got, barrier = "test:numbering:concurrent", [], threading.Barrier(8)

    def take():
        try:
            barrier.wait()
            with transaction.atomic():
                got.append(numbering.next_number(key, 2031, prefix="测试"))
        finally:
            connection.close()

    def clear():  # committed on its own connection: the test's transaction is rolled back
        try:
            Counter.objects.filter(key=key).delete()
        finally:
            connection.close()

    def in_thread(fn):
        t = threading.Thread(target=fn)
        t.start()
        t.join()

    in_thread(clear)
    threads = [threading.Thread(target=take) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert len(got) == 8 and set(got) == {f"测试〔2031〕{n}号" for n in range(1, 9)}
        assert Counter.objects.get(key=key, year=2031).last == 8
    finally:
        in_thread(clear)
