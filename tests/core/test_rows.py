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
    # each statement runs on a server-side cursor of its own, kept with the connection, so
    # psycopg reuses what it set up for the statement's parameters and columns
    first, second = "SELECT %s::int + 1", "SELECT %s::int + 2"
    used = []
    for sql, n in ((first, 1), (second, 1), (first, 2)):
        with rows.cursor(connection, sql, [n]) as cursor:
            assert cursor.fetchone()[0] == n + (1 if sql == first else 2)
            used.append(cursor.cursor)
    assert used[0] is used[2] and used[0] is not used[1]


def test_changes_are_written_in_one_statement_with_keys_taken_inside_it(
    agency, django_assert_num_queries
):
    """A new user, an assignment pointing to them, a changed clock and a new clock: one
    statement on PostgreSQL (one per row elsewhere); every key and pointer is set after."""
    stopped = rows.insert([_clock(agency)])[0]
    assignment = RoleAssignment.objects.create(
        user=User.objects.create_user("first", password="x" * 12, kind=User.STAFF),
        role="dept_officer",
        agency=agency,
    )
    newcomer = User(username="newcomer", kind=User.STAFF, real_name="新人")
    other = RoleAssignment(user=newcomer, role="window_clerk", agency=agency)
    started = _clock(agency)
    changes = rows.Changes(Clock)
    changes.insert(other, newcomer, started)  # pointing before pointed to: order is free
    assignment.user = newcomer
    changes.update(assignment, ["user"])
    clock.stop_all([stopped], on=dt.date(2025, 3, 4), changes=changes)
    changes.update(newcomer, ["real_name"])  # inserted here: its insert writes it
    newcomer.real_name = "新来的"
    statements = 1 if connection.vendor == "postgresql" else 5
    with django_assert_num_queries(statements):
        changes.save()
    assert newcomer.pk and other.pk and started.pk
    assert (other.user_id, assignment.user_id) == (newcomer.pk, newcomer.pk)
    assert User.objects.get(pk=newcomer.pk).real_name == "新来的"
    assert set(RoleAssignment.objects.filter(user=newcomer).values_list("pk", flat=True)) == {
        other.pk,
        assignment.pk,
    }
    assert Clock.objects.get(pk=stopped.pk).stopped_on == dt.date(2025, 3, 4)
    assert Clock.objects.get(pk=started.pk).due_date == started.due_date
    with django_assert_num_queries(0):
        changes.save()  # nothing left to write


def test_a_row_whose_key_was_taken_ahead_is_written_with_it(agency):
    """A key taken before the insert (on PostgreSQL from the model's own sequence, as a
    submission takes its case's with the case number) is the row's key, inserted alone or
    with other changes; an update of a row inserted with the same changes is its insert's."""
    sequence = rows.key_sequence(Clock)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(%s), nextval(%s)", [sequence, sequence])
            first, second = cursor.fetchone()
    else:
        assert sequence is None
        first = (Clock.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 5
        second = first + 1
    alone, together = _clock(agency), _clock(agency)
    alone.pk, together.pk = first, second
    assert rows.insert([alone])[0].pk == first
    changes = rows.Changes(Clock)
    changes.insert(together)
    together.purpose = "一并写入"
    changes.update(together, ["purpose"])
    changes.save()
    assert together.pk == second
    assert Clock.objects.get(pk=first).purpose == "测试时限"
    assert Clock.objects.get(pk=second).purpose == "一并写入"
    assert rows.insert([_clock(agency)])[0].pk > second  # the database's own keys go on


def test_changes_refuse_what_they_cannot_write(agency):
    made = rows.insert([_clock(agency)])[0]
    changes = rows.Changes(Clock)
    changes.update(made, ["purpose"])
    with pytest.raises(ValueError, match="two objects for one row"):
        changes.update(Clock.objects.get(pk=made.pk), ["state"])
    with pytest.raises(ValueError, match="no key"):
        changes.update(_clock(agency), ["state"])
    stranger = User(username="stranger", kind=User.STAFF)
    changes.insert(RoleAssignment(user=stranger, role="dept_officer", agency=agency))
    with pytest.raises(ValueError, match="unsaved"):
        changes.save()
    assert not User.objects.filter(username="stranger").exists()


def test_changes_carry_statements_of_their_own_on_postgresql(agency):
    made, other = rows.insert([_clock(agency), _clock(agency)])
    changes = rows.Changes(Clock)
    if not changes.in_one_statement:
        with pytest.raises(ValueError, match="only PostgreSQL"):
            changes.also(("x AS (SELECT 1)",), [], "(SELECT 1)")
        return
    made.purpose = "一并写入"
    changes.update(made, ["purpose"])
    table = Clock._meta.db_table
    changes.also(
        (
            f'touched AS (UPDATE {table} SET "limit" = "limit" + %s WHERE id = %s RETURNING "limit")',
        ),
        [2, other.pk],
        '(SELECT "limit" FROM touched)',
    )
    assert changes.save() == [7]
    assert Clock.objects.get(pk=made.pk).purpose == "一并写入"
    assert Clock.objects.get(pk=other.pk).limit == 7
