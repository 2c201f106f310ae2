"""索引号 come from core.numbering: the migration carries each agency's last serial over, the
next one continues the series (skipping one a document already holds), and eight numbers taken at
once on their own connections (PostgreSQL) are eight different, consecutive ones."""

import datetime as dt

import pytest

from tests.concurrency import numbers_taken_at_once, postgresql_only
from zhengwu.core.models import Counter
from zhengwu.disclosure import services

pytestmark = pytest.mark.django_db


def test_the_next_index_number_continues_the_carried_over_series(jishou_gov, make_doc, settings):
    settings.ZHENGWU_DISCLOSURE_INDEX_SCHEME = "JS{jurisdiction}-{year}-{seq:04d}"
    key = services.counter_key(jishou_gov.pk)
    Counter.objects.update_or_create(key=key, year=2019, defaults={"last": 41})
    assert services.next_index_no(jishou_gov, 2019) == "JS433101-2019-0042"
    held = make_doc(created_on=dt.date(2020, 3, 2))  # a 2020 draft, then given a 2019 number
    type(held).objects.filter(pk=held.pk).update(index_no="JS433101-2019-0043")
    assert services.next_index_no(jishou_gov, 2019) == "JS433101-2019-0044"
    assert Counter.objects.get(key=key, year=2019).last == 44


@postgresql_only
def test_eight_index_numbers_taken_at_once_never_collide(fenghuang_gov, settings):
    settings.ZHENGWU_DISCLOSURE_INDEX_SCHEME = "FH{jurisdiction}-{year}-{seq:04d}"
    assert fenghuang_gov.jurisdiction.code == "433123"  # loaded: the threads only take numbers
    got, _ = numbers_taken_at_once(
        services.counter_key(fenghuang_gov.pk),
        2032,
        lambda: services.next_index_no(fenghuang_gov, 2032),
    )
    assert sorted(got) == [f"FH433123-2032-{n:04d}" for n in range(1, 9)]
