"""待办 by step and due date, 预警, 已办, the window queue, the measures."""

import datetime as dt

import pytest

from zhengwu.cases import queries, services
from zhengwu.cases.models import Case
from zhengwu.org.models import Jurisdiction

from .conftest import file_online, person, required_files

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
    assert list(queries.done(staff["officer"])) == []  # nothing handled yet
    services.advance(early, opinion="同意", by=staff["officer"], on=D(2026, 1, 6))
    assert early in queries.done(staff["officer"])
    assert list(queries.done(staff["fh-supervisor"])) == []  # handles nothing, files nothing
    assert set(queries.done(staff["window"])) == {early, late}  # filed and accepted both
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
        file_online(item, citizen, "o", D(2025, 3, 3)),
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


def workbench_panel(client):
    """The 办件 line of the workbench overview: (待办, 预警) as its user reads them, or None."""
    import re

    text = client.get("/workbench/").text
    todo = re.search(r'<a href="/workbench/cases/">办件</a>：<strong>(\d+)</strong>', text)
    warning = re.search(
        r'href="/workbench/cases/\?status=warning">办件</a>：<strong[^>]*>(\d+)', text
    )
    if todo is None:
        return None
    return int(todo.group(1)), int(warning.group(1)) if warning else 0


@pytest.mark.django_db
def test_todo_page_in_due_order_with_iso_dates_and_a_fixed_number_of_queries(
    item, staff, as_user, django_assert_max_num_queries
):
    today = dt.date.today()
    cases = [
        new_case(item, staff, f"k{n}", today - dt.timedelta(days=d))
        for n, d in enumerate([3, 40, 20])
    ]
    for c in cases:
        services.accept(c, by=staff["window"], on=c.received_on)
        c.refresh_from_db()
    expected = sorted(cases, key=lambda c: (c.due_date, c.received_on, c.pk))
    client = as_user("officer")
    client.get("/workbench/cases/")  # the first request of a session records its start
    # session, user, roles, the page (ids and rows in one query), the site: whatever the backlog
    with django_assert_max_num_queries(5):
        text = client.get("/workbench/cases/").text
    positions = [text.index(c.number) for c in expected]
    assert positions == sorted(positions)
    assert f'<td data-label="收件">{expected[0].received_on.isoformat()}</td>' in text
    # overdue: the 预警 badge follows
    assert f'<td data-label="承诺办结">{expected[0].due_date.isoformat()} ' in text
    # the same rows and order as the list's own query, and the API pages through it in order
    assert [c.pk for c in queries.page(queries.todo(staff["officer"]), 2)] == [
        c.pk for c in expected[:2]
    ]
    assert [c.pk for c in queries.page(queries.todo(staff["officer"]), 2, 2)] == [expected[2].pk]
    api = client.get("/api/v1/cases/", {"view": "todo", "limit": 2, "offset": 1}).json()
    assert [c["number"] for c in api] == [c.number for c in expected[1:]]


@pytest.mark.django_db
def test_workbench_counts_follow_every_action_at_once(item, staff, as_user):
    today = dt.date.today()
    recent = new_case(item, staff, "r", today)
    old = new_case(item, staff, "o", today - dt.timedelta(days=60))
    officer, head = as_user("officer"), as_user("head")
    assert workbench_panel(officer) == (0, 0)
    for c in (recent, old):
        services.accept(c, by=staff["window"], on=c.received_on)
    # the old case's promised date has passed: it is in 预警; the one received today is not
    assert workbench_panel(officer) == (2, 1)
    assert queries.todo_counts(staff["officer"]) == {"todo": 2, "warning": 1}
    assert queries.todo_counts(staff["officer"], today=today + dt.timedelta(days=400)) == {
        "todo": 2,
        "warning": 2,
    }
    assert workbench_panel(head) == (0, 0)
    for _ in range(2):  # 审查, 复核: then the case waits for the head's decision
        services.advance(old, opinion="同意", by=staff["officer"])
    assert workbench_panel(officer) == (1, 0)
    assert workbench_panel(head) == (1, 1)
    assert old.number in head.get("/workbench/cases/").text
    assert old.number not in officer.get("/workbench/cases/").text
    assert workbench_panel(as_user("fh-supervisor")) is None  # no role that acts on cases


@pytest.mark.django_db
def test_case_rows_are_escaped_marked_and_read_without_a_query_per_row(
    item, staff, as_user, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .conftest import person

    today = dt.date.today()
    case, _ = services.submit(
        item,
        by=staff["window"],
        channel=Case.WINDOW,
        applicant=person() | {"applicant_name": "<b>龙秀兰</b>"},
        materials=required_files(item),
        idempotency_key="x",
        on=today - dt.timedelta(days=60),
    )
    window = as_user("window")
    window.get("/workbench/cases/window/")
    with CaptureQueriesContext(connection) as one:
        text = window.get("/workbench/cases/window/").text
    assert "&lt;b&gt;龙秀兰&lt;/b&gt;" in text and "<b>龙秀兰</b>" not in text
    assert f'{case.number}</a></td><td data-label="事项">{item.name}</td>' in text
    assert '<td data-label="状态">待受理</td>' in text
    for n in range(3):
        new_case(item, staff, f"more{n}", today)
    with django_assert_max_num_queries(len(one.captured_queries)):
        window.get("/workbench/cases/window/")  # four rows, the same queries as one
    services.accept(case, by=staff["window"], on=case.received_on)
    text = as_user("officer").get("/workbench/cases/").text
    row = text[text.index(f"/workbench/cases/{case.pk}/") - 40 :]
    row = row[: row.index("</tr>")]
    # received 60 days ago: past its promised date
    assert 'class="overdue"' in row and '<span class="badge red">已超期</span>' in row
    assert "&lt;b&gt;龙秀兰&lt;/b&gt;" in row and "窗口申请" in row and "办理中 / 审查" in row
    assert "暂无办件。" in as_user("head").get("/workbench/cases/").text


@pytest.mark.django_db
def test_a_row_says_whether_the_case_is_in_warning_or_overdue(item, staff):
    """预警 from the warning day of the promised clock, 已超期 after its due date (the officer
    must act today), nothing once the case is finished."""
    from zhengwu.cases.templatetags.case_tables import case_rows

    case = new_case(item, staff, "w", D(2026, 1, 5))
    services.accept(case, by=staff["window"], on=case.received_on)
    case = Case.objects.get(pk=case.pk)
    # 10 working days from 2026-01-05: due 01-19, warning from its 8th day (01-15)
    assert (case.warn_on, case.due_date) == (D(2026, 1, 15), D(2026, 1, 19))
    badge = {
        day: case_rows([case], day)
        for day in (D(2026, 1, 14), D(2026, 1, 15), D(2026, 1, 19), D(2026, 1, 20))
    }
    assert "预警" not in badge[D(2026, 1, 14)] and "超期" not in badge[D(2026, 1, 14)]
    assert 'class="warning"' in badge[D(2026, 1, 15)] and "预警" in badge[D(2026, 1, 15)]
    assert "预警" in badge[D(2026, 1, 19)]  # the due date itself is still in time
    assert 'class="overdue"' in badge[D(2026, 1, 20)] and "已超期" in badge[D(2026, 1, 20)]
    Case.objects.filter(pk=case.pk).update(status=Case.COMPLETED)
    done = case_rows([Case.objects.get(pk=case.pk)], D(2026, 1, 20))
    assert "已超期" not in done and "预警" not in done


@pytest.mark.django_db
def test_a_late_case_says_so_on_its_page_to_the_officer_and_the_applicant(
    item, staff, citizen, as_user
):
    item.complaint = "吉首市政务服务中心投诉台"
    item.save()
    today = dt.date.today()
    late = file_online(item, citizen, "late", today - dt.timedelta(days=60))
    services.accept(late, by=staff["window"], on=late.received_on)
    late = Case.objects.get(pk=late.pk)
    fresh = new_case(item, staff, "fresh", today)
    services.accept(fresh, by=staff["window"], on=today)
    officer = as_user("officer")
    text = officer.get(f"/workbench/cases/{late.pk}/").text
    # 10 promised and 20 statutory working days from 60 days ago have both passed
    assert f"已超过承诺办结期限（{late.due_date:%Y年%-m月%-d日}）" in text
    assert f"并已超过法定办结期限（{late.statutory_clock.due_date:%Y年%-m月%-d日}）" in text
    text = officer.get(f"/workbench/cases/{fresh.pk}/").text
    assert "已超过" not in text and "预警：" not in text
    text = as_user(citizen.username).get(f"/zwfw/my/{late.pk}/").text
    assert "本件已超过承诺办结期限" in text and "吉首市政务服务中心投诉台" in text
