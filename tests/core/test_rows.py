"""core/rows: the hot paths' statements give the same rows and objects as the ORM would, on
SQLite and on PostgreSQL (where they are prepared on the server)."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from zhengwu.core import clock, rows
from zhengwu.core.models import Clock
from zhengwu.org.models import RoleAssignment, User


def test_select_loads_joined_rows_as_the_orm_does(agency, django_assert_num_queries):
    user = User.objects.create_user("rows", password="x" * 12, kind=User.STAFF)
    RoleAssignment.objects.create(user=user, role="dept_officer", agency=agency)
    code = agency.jurisdiction.code
    with django_assert_num_queries(1):
        found = rows.select(
            RoleAssignment, user=user.pk, joins=("user", "agency__jurisdiction", "jurisdiction")
        )
        (row,) = found
        # the joined rows are there without another query; a NULL join is None
        assert row.user.username == "rows"
        assert row.agency.jurisdiction.code == code
        assert row.jurisdiction is None
    orm = RoleAssignment.objects.get(user=user)
    assert [(f.attname, getattr(row, f.attname)) for f in RoleAssignment._meta.concrete_fields] == [
        (f.attname, getattr(orm, f.attname)) for f in RoleAssignment._meta.concrete_fields
    ]
    assert rows.get(RoleAssignment, orm.pk + 10_000) is None
    assert rows.select(RoleAssignment, user=user.pk, role="window_clerk") == []


def _clock(subject, **kwargs) -> Clock:
    return clock.new(subject, purpose="测试时限", started_on=dt.date(2025, 3, 3), limit=5, **kwargs)


def test_insert_update_and_order_round_trip(agency):
    """Dates, booleans, NULLs and a key taken from a related row saved after it was assigned
    come back as saved; `order_by` with a minus sorts descending."""
    made = rows.insert([_clock(agency), _clock(agency, agency_id=agency.pk)])
    assert all(c.pk for c in made) and made[0].pk != made[1].pk
    stored = Clock.objects.get(pk=made[1].pk)
    assert (stored.started_on, stored.due_date, stored.agency_id) == (
        dt.date(2025, 3, 3),
        made[1].due_date,
        agency.pk,
    )
    assert stored.subject_type == ContentType.objects.get_for_model(agency)
    stored.provisional, stored.stopped_on, stored.purpose = True, dt.date(2025, 3, 5), "改名"
    rows.update(stored, ["provisional", "stopped_on", "purpose"])
    again = Clock.objects.get(pk=stored.pk)
    assert (again.provisional, again.stopped_on, again.purpose) == (
        True,
        dt.date(2025, 3, 5),
        "改名",
    )
    rows.update_many(Clock, [c.pk for c in made], state=Clock.STOPPED, stopped_on=None)
    assert set(
        Clock.objects.filter(pk__in=[c.pk for c in made]).values_list("state", "stopped_on")
    ) == {(Clock.STOPPED, None)}
    newest_first = rows.select(Clock, agency_id=agency.pk, order_by=("-id",))
    assert [c.pk for c in newest_first] == sorted(
        Clock.objects.filter(agency_id=agency.pk).values_list("pk", flat=True), reverse=True
    )


def test_a_key_assigned_before_its_row_was_saved_is_written(agency):
    user = User.objects.create_user("later", password="x" * 12, kind=User.STAFF)
    assignment = RoleAssignment(user=user, role="dept_officer", agency=agency)
    rows.insert([assignment])
    late = User(username="late-user", kind=User.STAFF)
    assignment.user = late  # no key yet
    late.save()
    rows.update(assignment, ["user"])
    assert RoleAssignment.objects.get(pk=assignment.pk).user_id == late.pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_hot_statements_are_prepared_on_postgresql(agency, settings):
    made = rows.insert([_clock(agency)])[0]
    for _ in range(3):
        rows.get(Clock, made.pk, for_update=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "core_clock" t0 WHERE t0."id" = $1 FOR UPDATE' in s for s in prepared)
