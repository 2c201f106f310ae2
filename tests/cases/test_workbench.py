"""待办 by step and due date, 预警, 已办, the window queue, the measures."""

import datetime as dt

import pytest

from zhengwu.cases import queries, services
from zhengwu.cases.models import Case
from zhengwu.org.models import Jurisdiction

from .conftest import person, required_files

D = dt.date


def new_case(item, staff, key, on):
    case, _ = services.submit(
        item,
        by=staff["window"],
        channel=Case.WINDOW,
        applicant=person(),
        materials=required_files(item),
        idempotency_key=key,
        on=on,
    )
    return case


@pytest.mark.django_db
def test_todo_follows_the_step_and_sorts_by_due_date(
    item, staff, as_user, django_assert_max_num_queries
):
    late = new_case(item, staff, "a", D(2026, 3, 2))
    early = new_case(item, staff, "b", D(2026, 1, 5))
    assert set(queries.todo(staff["window"])) == {late, early}
    assert list(queries.todo(staff["officer"])) == []
    for c in (late, early):
        services.accept(c, by=staff["window"], on=c.received_on)
    assert list(queries.todo(staff["officer"])) == [early, late]  # earliest promised due first
    assert list(queries.todo(staff["window"])) == []
    assert list(queries.todo(staff["fh-supervisor"])) == []
    # 预警: the promised clock of `early` (10 working days from 2026-01-05) warns on its 8th day
    early.refresh_from_db()
    assert list(queries.warnings(staff["officer"], today=early.warn_on)) == [early]
    assert list(queries.warnings(staff["officer"], today=D(2026, 1, 6))) == []
    client = as_user("officer")
    with django_assert_max_num_queries(12):
        page = client.get("/workbench/cases/")
    assert page.status_code == 200 and early.number in page.text and late.number in page.text
    assert "办件" in client.get("/workbench/").text
    services.advance(early, opinion="同意", by=staff["officer"], on=D(2026, 1, 6))
    assert early in queries.done(staff["officer"])
    assert early.number in client.get("/workbench/cases/?tab=done").text
    with django_assert_max_num_queries(10):
        api = client.get("/api/v1/cases/", {"view": "todo"}).json()
    assert [c["number"] for c in api] == [early.number, late.number]


@pytest.mark.django_db
def test_window_queue_holds_new_applications_and_results_to_hand_over(item, staff):
    case = new_case(item, staff, "q", D(2025, 9, 26))
    assert list(queries.window_queue(staff["window"])) == [case]
    assert list(queries.window_queue(staff["fh-supervisor"])) == []


@pytest.mark.django_db
def test_measures_as_numerator_and_denominator(item, staff, citizen, village_agent, as_user):
    agent_user, village = village_agent
    from .conftest import pdf

    filed = [
        new_case(item, staff, "w1", D(2025, 3, 3)),
        new_case(item, staff, "w2", D(2025, 3, 3)),
        services.submit(
            item,
            by=citizen,
            channel=Case.ONLINE,
            applicant={"applicant_phone": "13907430001"},
            materials=required_files(item),
            idempotency_key="o",
            on=D(2025, 3, 3),
        )[0],
        services.submit(
            item,
            by=agent_user,
            channel=Case.AGENT,
            applicant=person(),
            materials=required_files(item),
            idempotency_key="g",
            origin=village,
            authorisation=pdf(),
            on=D(2025, 3, 3),
        )[0],
    ]
    # finish two: one in 3 working days (on time), one in 15 (late against the 10 promised)
    for case, finish in [(filed[0], D(2025, 3, 6)), (filed[1], D(2025, 3, 24))]:
        services.accept(case, by=staff["window"], on=D(2025, 3, 3))
        for _ in range(2):
            services.advance(case, opinion="同意", by=staff["officer"], on=D(2025, 3, 3))
        services.decide(case, approve=True, reason="", by=staff["head"], on=finish)
        services.deliver(case, method="window", by=staff["window"], on=finish)
    m = queries.measures(Jurisdiction.objects.get(code="433101"), 2025)
    assert m["within_promised"] == {"numerator": 1, "denominator": 2, "rate": 0.5}
    assert m["within_statutory"]["numerator"] == 2
    assert m["handling_time"]["average_workdays_used"] == 9.0  # (3 + 15) / 2
    assert m["handling_time"]["shorter_than_statutory"] == 0.55  # 1 - 9/20
    assert m["online_application_rate"] == {"numerator": 1, "denominator": 4, "rate": 0.25}
    township = village.path[: len("433100/433101/433101002/")]
    row = next(r for r in m["agent_cases_by_township"] if township.endswith(r["township"] + "/"))
    assert row["numerator"] == 1 and row["denominator"] == 1
    r = as_user("supervisor").get(
        "/api/v1/cases/measures", {"jurisdiction": "433101", "year": 2025}
    )
    assert r.status_code == 200 and r.json()["within_promised"]["denominator"] == 2
    empty = queries.measures(Jurisdiction.objects.get(code="433123"), 2025)
    assert empty["within_promised"] == {"numerator": 0, "denominator": 0, "rate": None}
