"""What each transition of a full life stores, read back from the database: the transitions
write their clocks and steps in few statements, and nothing may be lost on the way (every step
done by whom and when, every clock started and stopped on the right day, the case's due date
from its promised clock, one audit event per transition on an intact chain)."""

import datetime as dt

import pytest

from zhengwu.cases import services
from zhengwu.cases.models import Case, CaseDocument, CaseEvent, CaseStep
from zhengwu.core import audit, clock
from zhengwu.core.models import AuditEvent, Clock
from zhengwu.org import scopes
from zhengwu.services.models import Item

from .conftest import file_at_window, person, required_files

D = dt.date


def fresh(case):
    return Case.objects.select_related(
        "intake_clock", "statutory_clock", "promised_clock", "current_step__clock"
    ).get(pk=case.pk)


def steps(case):
    return {s.name: s for s in CaseStep.objects.filter(case=case).select_related("clock")}


@pytest.mark.django_db
def test_every_row_of_a_full_life(item, staff):
    window, officer, head = staff["window"], staff["officer"], staff["head"]
    case = file_at_window(item, window, D(2025, 9, 1), key="rows-1")
    case = fresh(case)
    assert case.step_role == "window_clerk" and case.version == 1
    assert case.intake_clock.state == Clock.RUNNING and case.intake_clock.started_on == D(
        2025, 9, 1
    )
    assert sorted(m.name for m in case.materials.all()) == ["申请书", "营业执照"]
    assert all(m.file and len(m.sha256) == 64 for m in case.materials.all())

    services.accept(case, by=window, on=D(2025, 9, 2))
    case = fresh(case)
    assert case.intake_clock.state == Clock.STOPPED
    assert case.intake_clock.stopped_on == D(2025, 9, 2)
    for c, limit in ((case.statutory_clock, 20), (case.promised_clock, 10)):
        assert c.state == Clock.RUNNING and c.started_on == D(2025, 9, 2) and c.limit == limit
    # the case's due date is its promised clock's, computed as a fresh clock would be
    expected = clock.new(case, purpose="对照", started_on=D(2025, 9, 2), limit=10)
    assert case.due_date == case.promised_clock.due_date == expected.due_date
    assert case.warn_on == case.promised_clock.warn_on == expected.warn_on
    rows = steps(case)
    assert rows["受理"].state == CaseStep.DONE and rows["受理"].handled_by == window
    assert rows["受理"].finished_on == D(2025, 9, 2) and rows["受理"].opinion
    assert case.current_step.name == "审查" and case.step_role == "dept_officer"
    assert rows["审查"].state == CaseStep.ACTIVE and rows["审查"].started_on == D(2025, 9, 2)
    assert rows["审查"].clock.state == Clock.RUNNING and rows["审查"].clock.limit == 3
    assert case.documents.filter(kind=CaseDocument.ACCEPTANCE).count() == 1

    services.advance(case, opinion="材料真实", by=officer, on=D(2025, 9, 3))
    services.advance(case, opinion="复核同意", by=officer, on=D(2025, 9, 4))
    case = fresh(case)
    rows = steps(case)
    for name, day, opinion in (("审查", 3, "材料真实"), ("复核", 4, "复核同意")):
        assert rows[name].state == CaseStep.DONE and rows[name].handled_by == officer
        assert rows[name].finished_on == D(2025, 9, day) and rows[name].opinion == opinion
        assert rows[name].clock.state == Clock.STOPPED
        assert rows[name].clock.stopped_on == D(2025, 9, day)
    assert case.current_step == rows["决定"] and case.step_role == "dept_head"
    assert rows["决定"].clock.started_on == D(2025, 9, 4)

    services.decide(case, approve=True, reason="", by=head, on=D(2025, 9, 5))
    case = fresh(case)
    rows = steps(case)
    assert case.status == Case.DECIDED and case.result.approved
    # the result is stored as text; its PDF waits for the first download
    assert case.result.text["number"] == case.result.number and not case.result.file
    assert rows["决定"].state == CaseStep.DONE and rows["决定"].clock.state == Clock.STOPPED
    assert case.current_step == rows["制证"] and rows["制证"].state == CaseStep.ACTIVE

    services.advance(case, opinion="已制证", by=officer, on=D(2025, 9, 8))
    services.deliver(case, method="window", by=window, on=D(2025, 9, 9))
    case = fresh(case)
    assert case.status == Case.COMPLETED and case.completed_on == D(2025, 9, 9)
    assert case.current_step is None and case.due_date is None and case.warn_on is None
    assert case.on_time is True and case.within_statutory is True
    assert case.handling_workdays == 5
    rows = steps(case)
    assert {s.state for s in rows.values()} == {CaseStep.DONE}
    assert rows["送达"].handled_by == window and rows["送达"].finished_on == D(2025, 9, 9)
    clocks = list(clock.clocks_of(case))
    assert len(clocks) == 3 + 5  # intake, statutory, promised and one per step after 受理
    assert {c.state for c in clocks} == {Clock.STOPPED}
    assert {c.stopped_on for c in clocks if c.purpose in ("法定办结时限", "承诺办结时限")} == {
        D(2025, 9, 9)
    }
    assert case.version == 7
    assert list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True)) == [
        "submitted",
        "accepted",
        "step_done",
        "step_done",
        "decided",
        "step_done",
        "delivered",
    ]
    actions = AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk))
    assert list(actions.order_by("id").values_list("action", flat=True)) == [
        "cases.submit",
        "cases.accept",
        "cases.advance",
        "cases.advance",
        "cases.decide",
        "cases.advance",
        "cases.deliver",
    ]
    assert actions.filter(action="cases.deliver").get().after["status"] == Case.COMPLETED
    assert audit.verify().ok


@pytest.mark.django_db
def test_a_transition_touches_only_its_own_case(item, staff):
    window, officer = staff["window"], staff["officer"]
    cases = []
    for key in ("a", "b"):
        case = file_at_window(item, window, D(2025, 9, 1), key=key)
        services.accept(case, by=window, on=D(2025, 9, 2))
        cases.append(case)
    before = {c.pk: (c.state, c.stopped_on) for c in clock.clocks_of(cases[1])}
    steps_before = {s.pk: (s.state, s.finished_on) for s in CaseStep.objects.filter(case=cases[1])}
    services.advance(cases[0], opinion="同意", by=officer, on=D(2025, 9, 3))
    assert {c.pk: (c.state, c.stopped_on) for c in clock.clocks_of(cases[1])} == before
    assert {
        s.pk: (s.state, s.finished_on) for s in CaseStep.objects.filter(case=cases[1])
    } == steps_before


@pytest.mark.django_db
def test_each_transition_locks_and_reads_its_case_in_one_statement_and_writes_in_another(
    item, staff, django_assert_num_queries
):
    """On PostgreSQL a transition is its locking read (the case with its steps) and one write
    of every row it changes with its audit event (acceptance's event records the new clocks'
    dates on the case, not their keys, which the write takes); delivery's read brings the
    case's suspensions too."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    window, officer, head = staff["window"], staff["officer"], staff["head"]
    postgresql = connection.vendor == "postgresql"
    for user in (window, officer, head):
        scopes.assignments(user)  # the roles, as the request has loaded them already
    file_at_window(item, window, D(2025, 9, 1), key="warm-up")  # the case key's sequence
    files = required_files(item)
    with CaptureQueriesContext(connection) as submitted:
        case, _ = services.submit(
            item,
            by=window,
            channel=Case.WINDOW,
            applicant=person(),
            materials=files,
            idempotency_key="statements",
            on=D(2025, 9, 1),
        )
    if postgresql:
        # the repeated-key check, the item's materials and flow together, then in the
        # transaction the case number with the case's key, and one write of the case with its
        # steps, materials, intake clock, event and audit event
        writes = [q["sql"] for q in submitted.captured_queries if 'cases_case"' in q["sql"]]
        assert len(submitted.captured_queries) == 2 + 2 + 2
        assert [w.split(" ")[0] for w in writes] == ["SELECT", "WITH"]
    calls = [
        (2, lambda: services.accept(case, by=window, on=D(2025, 9, 2))),
        (2, lambda: services.advance(case, opinion="同意", by=officer, on=D(2025, 9, 3))),
        (2, lambda: services.advance(case, opinion="同意", by=officer, on=D(2025, 9, 4))),
        # and the item's result template, and the result's number (one upsert of its counter)
        (4, lambda: services.decide(case, approve=True, reason="", by=head, on=D(2025, 9, 5))),
        (2, lambda: services.advance(case, opinion="已制证", by=officer, on=D(2025, 9, 8))),
        (2, lambda: services.deliver(case, method="window", by=window, on=D(2025, 9, 9))),
    ]
    for statements, call in calls:
        if postgresql:  # and the savepoint and its release inside the test's transaction
            with django_assert_num_queries(statements + 2):
                call()
        else:
            call()
    assert Case.objects.get(pk=case.pk).status == Case.COMPLETED
    assert audit.verify().ok


@pytest.mark.django_db
def test_a_case_is_read_with_its_steps_in_one_statement(item, staff, django_assert_num_queries):
    from zhengwu.core import rows

    case = file_at_window(item, staff["window"], D(2025, 9, 1), key="with-rows")
    with django_assert_num_queries(1):
        found, children = rows.get_with_rows(
            Case, case.pk, {"steps": ("-order",)}, joins=("item", "current_step")
        )
        its_steps = children["steps"]
        assert found.item.name == item.name and found.current_step is None
        assert [s.case for s in its_steps] == [found] * len(its_steps)  # cached, no query
    orm = Case.objects.get(pk=case.pk)
    fields = [f.attname for f in Case._meta.concrete_fields]
    assert [getattr(found, f) for f in fields] == [getattr(orm, f) for f in fields]
    expected = list(CaseStep.objects.filter(case=case).order_by("-order"))
    assert [(s.pk, s.name, s.limit) for s in its_steps] == [
        (s.pk, s.name, s.limit) for s in expected
    ]
    assert rows.get_with_rows(Case, case.pk + 10_000, {"steps": ()}) == (None, {"steps": []})
    CaseStep.objects.filter(case=case).delete()
    assert rows.get_with_rows(Case, case.pk, {"steps": ()})[1] == {"steps": []}


@pytest.mark.django_db
def test_an_item_is_read_with_its_materials_and_steps_in_one_statement(
    item, django_assert_num_queries
):
    """Two reverse relations in one statement, each in its own order, neither taking the
    other's rows (the item has more materials than steps, and both more than one)."""
    from zhengwu.core import rows
    from zhengwu.services.models import Material, Step

    Step.objects.create(item=item, flow_version=2, order=1, code="sl", name="受理", role="window")
    with django_assert_num_queries(1):
        found, children = rows.get_with_rows(
            Item,
            item.pk,
            {"materials": ("-order", "id"), "steps": ("-flow_version", "order")},
            joins=("agency",),
        )
        assert found.agency.name == item.agency.name
    materials = list(Material.objects.filter(item=item).order_by("-order", "id"))
    steps = list(Step.objects.filter(item=item).order_by("-flow_version", "order"))
    assert len(materials) > 1 and len(steps) > 1
    assert [(m.pk, m.name, m.required) for m in children["materials"]] == [
        (m.pk, m.name, m.required) for m in materials
    ]
    assert [(s.pk, s.flow_version, s.name) for s in children["steps"]] == [
        (s.pk, s.flow_version, s.name) for s in steps
    ]
    assert all(m.item is found for m in children["materials"])
