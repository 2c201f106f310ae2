"""Request numbers come from core.numbering: a counter per agency and year, seeded by the
migration from the numbers already issued (the old count()+1 scheme, a letter after a clash), so
the series continues and no issued number is given again; eight submissions at once on their own
connections (PostgreSQL) get eight different, consecutive numbers."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from tests.concurrency import numbers_taken_at_once, postgresql_only
from zhengwu.core.models import Counter
from zhengwu.disclosure.requests import services
from zhengwu.disclosure.requests.models import Request

seeding = importlib.import_module(
    "zhengwu.disclosure.requests.migrations.0003_request_numbers_on_core_counter"
)


@pytest.mark.django_db
def test_a_new_number_continues_after_those_issued_before_the_counter(gov, officer, make):
    first, second = make(gov, officer, n=1), make(gov, officer, n=2)
    prefix = f"YSQ2025{gov.pk:04d}"
    assert second.number == f"{prefix}{int(first.number[-5:]) + 1:05d}"
    # As the old scheme could leave one: the 500th number of 2025, with the letter of a clash.
    Request.objects.filter(pk=second.pk).update(number=f"{prefix}00500A")
    Counter.objects.filter(key=services.counter_key(gov.pk)).delete()
    seeding.seed(apps, None)
    assert Counter.objects.get(key=services.counter_key(gov.pk), year=2025).last == 500
    third = make(gov, officer, n=3)
    assert third.number == f"{prefix}00501"
    assert Request.objects.get(pk=first.pk).number == first.number  # issued numbers stay
    assert make(gov, officer, n=4, on=dt.date(2026, 1, 5)).number.startswith(f"YSQ2026{gov.pk:04d}")


@postgresql_only
@pytest.mark.django_db
def test_eight_numbers_taken_at_once_never_collide(gov):
    got, _ = numbers_taken_at_once(
        services.counter_key(gov.pk), 2031, lambda: services._new_number(gov, 2031)
    )
    assert sorted(got) == [f"YSQ2031{gov.pk:04d}{n:05d}" for n in range(1, 9)]
