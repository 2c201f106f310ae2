"""Numbers taken at once: `at_once(take, n)` runs `take` on n threads released together, each in
its own transaction on its own connection, and returns what they took; `numbers_taken_at_once`
does that for a counter key and year, clearing the counter before and after on its own connection
(the test's transaction is rolled back, the threads' commits are not). PostgreSQL only: the
SQLite test database is in memory and cannot be opened from a second connection."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, transaction

from zhengwu.core.models import Counter

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs several real connections (PostgreSQL)"
)


def _on_own_connection(fn: Callable[[], object]) -> None:
    def run():
        try:
            fn()
        finally:
            connection.close()

    t = threading.Thread(target=run)
    t.start()
    t.join()


def at_once(take: Callable[[], object], n: int = 8) -> list:
    got, barrier = [], threading.Barrier(n)

    def one():
        try:
            barrier.wait()
            with transaction.atomic():
                got.append(take())
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return got


def numbers_taken_at_once(key: str, year: int, take: Callable[[], object], n: int = 8):
    """What n threads took at once from a fresh counter, and the counter's last value after."""

    def clear():
        Counter.objects.filter(key=key, year=year).delete()

    _on_own_connection(clear)
    try:
        got = at_once(take, n)
        last = Counter.objects.filter(key=key, year=year).values_list("last", flat=True).first()
        return got, last
    finally:
        _on_own_connection(clear)
