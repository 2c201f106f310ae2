"""Two officers acting on the same case at once: exactly one wins, the other gets 409, nothing
is half-written. Real threads with their own connections and real commits, so PostgreSQL only:
the SQLite test database is in memory and cannot be opened from a second connection.

Not `transaction=True`: its flush runs after `reload_demo` (fixture teardown order) and would
also wipe the calendar the migrations seeded. Instead the threads commit on their own
connections (the test's connection is READ COMMITTED and sees their work) and the test removes
its rows at the end; the audit events stay, as an append-only chain should.
"""

import datetime as dt
import threading

import pytest
from django.db import connection

from zhengwu.cases import services
from zhengwu.cases.models import Case, CaseStep
from zhengwu.core.errors import Conflict
from zhengwu.core.models import AuditEvent, Clock
from zhengwu.services.models import Item

from .conftest import make_item, person, required_files

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs two real connections (PostgreSQL)"
)


def in_thread(fn):
    out = {}

    def run():
        try:
            out["value"] = fn()
        finally:
            connection.close()

    t = threading.Thread(target=run)
    t.start()
    t.join()
    return out.get("value")


def race(fn_a, fn_b):
    barrier = threading.Barrier(2)
    outcomes = [None, None]

    def run(i, fn):
        try:
            barrier.wait()
            fn()
            outcomes[i] = "ok"
        except Conflict:
            outcomes[i] = "conflict"
        except Exception as e:  # noqa: BLE001 — shown by the assertion
            outcomes[i] = repr(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate([fn_a, fn_b])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


@pytest.fixture
def committed_item(agency):
    item_id = in_thread(lambda: make_item(agency, name="并发测试事项").pk)
    yield Item.objects.get(pk=item_id)

    def clean():
        cases = list(Case.objects.filter(item_id=item_id).values_list("pk", flat=True))
        Clock.objects.filter(subject_type__model="case", subject_id__in=cases).delete()
        Case.objects.filter(pk__in=cases).update(current_step=None)
        Case.objects.filter(pk__in=cases).delete()
        Item.objects.filter(pk=item_id).delete()

    in_thread(clean)


def accepted_case(item, staff, key: str) -> Case:
    """A case filed and accepted at the window, committed on another connection."""

    def prepare():
        case, _ = services.submit(
            item,
            by=staff["window"],
            channel=Case.WINDOW,
            applicant=person(),
            materials=required_files(item),
            idempotency_key=key,
            on=dt.date(2025, 9, 26),
        )
        return services.accept(case, by=staff["window"], on=dt.date(2025, 9, 26))

    return in_thread(prepare)


@pytest.mark.django_db
def test_two_officers_on_one_case(committed_item, staff):
    case = accepted_case(committed_item, staff, "race")
    v = case.version
    officer, head = staff["officer"], staff["head"]
    outcomes = race(
        lambda: services.advance(case.pk, opinion="甲：同意", by=officer, version=v),
        lambda: services.advance(case.pk, opinion="乙：同意", by=head, version=v),
    )
    assert outcomes == ["conflict", "ok"]
    case = Case.objects.select_related("current_step").get(pk=case.pk)
    assert case.version == v + 1
    assert case.current_step.name == "复核"
    assert CaseStep.objects.filter(case=case, state=CaseStep.DONE, name="审查").count() == 1
    tried = AuditEvent.objects.filter(action="cases.advance", object_id=str(case.pk))
    # both attempts are in the audit chain; the loser's as a failure
    assert sorted(tried.values_list("success", flat=True)) == [False, True]
    # Without a version, the state check makes the second decision the conflict.
    in_thread(lambda: services.advance(case.pk, opinion="同意", by=officer))
    outcomes = race(
        lambda: services.decide(case.pk, approve=True, reason="", by=head),
        lambda: services.decide(case.pk, approve=False, reason="不符合条件", by=head),
    )
    assert outcomes == ["conflict", "ok"]
    case = Case.objects.get(pk=case.pk)
    assert case.status == Case.DECIDED
    tried = AuditEvent.objects.filter(action="cases.decide", object_id=str(case.pk))
    assert sorted(tried.values_list("success", flat=True)) == [False, True]
    assert case.result.approved == case.approved


@pytest.mark.django_db
def test_two_officers_advancing_one_case_without_a_version(committed_item, staff):
    """Without a version both may succeed, one after the other (two steps done), or the one
    that waited for the other's lock is refused; never a step done twice or a clock left
    running (the waiting one reads the case as the other left it)."""
    case = accepted_case(committed_item, staff, "race-unversioned")
    officer, head = staff["officer"], staff["head"]
    outcomes = race(
        lambda: services.advance(case.pk, opinion="甲：同意", by=officer),
        lambda: services.advance(case.pk, opinion="乙：同意", by=head),
    )
    assert outcomes in (["conflict", "ok"], ["ok", "ok"])
    won = outcomes.count("ok")
    after = Case.objects.select_related("current_step").get(pk=case.pk)
    assert after.version == case.version + won
    done = CaseStep.objects.filter(case=case, state=CaseStep.DONE).order_by("order")
    assert [s.name for s in done] == ["受理", "审查", "复核"][: 1 + won]
    assert after.current_step.name == ["复核", "决定"][won - 1]
    running = Clock.objects.filter(subject_id=case.pk, subject_type__model="case", state="running")
    # the statutory and promised clocks and the current step's: none left running twice
    assert running.count() == 3


@pytest.mark.django_db
def test_concurrent_double_submit_makes_one_case(committed_item, staff):
    item = committed_item

    def submit():
        services.submit(
            item,
            by=staff["window"],
            channel=Case.WINDOW,
            applicant=person(),
            materials=required_files(item),
            idempotency_key="double-click",
        )

    assert race(submit, submit) == ["ok", "ok"]
    assert Case.objects.filter(item=item, idempotency_key="double-click").count() == 1


def read_while_another_advances(case, officer, read):
    """`read()` on a connection of its own, inside a transaction, while another connection
    has advanced `case` and holds its lock: returns what `read` returned once it had waited
    for that lock and the other had committed."""
    from django.db import transaction

    advanced, release = threading.Event(), threading.Event()

    def advance_and_hold():
        try:
            with transaction.atomic():
                services.advance(case.pk, opinion="同意", by=officer)
                advanced.set()
                release.wait(30)
        finally:
            connection.close()

    out = {}

    def read_locked():
        try:
            with transaction.atomic():
                out["read"] = read()
        finally:
            connection.close()

    holder = threading.Thread(target=advance_and_hold)
    holder.start()
    assert advanced.wait(30)
    reader = threading.Thread(target=read_locked)
    reader.start()
    waiting = False
    for _ in range(300):  # until the reader waits for the holder's lock
        with connection.cursor() as c:
            c.execute("SELECT pg_stat_clear_snapshot()")  # else read once per transaction
            c.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            waiting = c.fetchone()[0] > 0
        if waiting:
            break
        threading.Event().wait(0.01)
    release.set()
    holder.join()
    reader.join()
    assert waiting
    return out["read"]


@pytest.mark.django_db
def test_a_read_that_waited_for_the_lock_gets_the_steps_as_the_other_left_them(
    committed_item, staff
):
    """A locking read that waited while another transaction advanced the case sees the case
    row as the other left it (PostgreSQL reads a locked row again) and, read again under the
    lock, the steps too: the current step is the active one, not a step the other finished."""
    from zhengwu.core import rows

    case = accepted_case(committed_item, staff, "stale-steps")
    locked, found = read_while_another_advances(
        case,
        staff["officer"],
        lambda: rows.get_with_rows(
            Case, case.pk, {"steps": ("order",)}, joins=("current_step",), for_update=True
        ),
    )
    steps = found["steps"]
    assert locked.current_step.name == "复核"
    by_name = {s.name: s.state for s in steps}
    assert by_name["审查"] == CaseStep.DONE
    assert by_name["复核"] == CaseStep.ACTIVE == locked.current_step.state


@pytest.mark.django_db
def test_a_lock_that_waited_gets_the_joined_rows_as_the_other_left_them(committed_item, staff):
    """The same for the lock of the transitions that read no steps (suspend, resume, extend…):
    the joined current step and its clock are the ones the other transaction started."""
    from zhengwu.core import rows

    case = accepted_case(committed_item, staff, "stale-joins")
    locked = read_while_another_advances(
        case,
        staff["officer"],
        lambda: rows.get(Case, case.pk, joins=("current_step__clock",), for_update=True),
    )
    assert locked.current_step.name == "复核"
    assert locked.current_step.state == CaseStep.ACTIVE
    assert locked.current_step.clock.state == Clock.RUNNING
