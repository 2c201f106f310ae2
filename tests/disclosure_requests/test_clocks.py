"""The request's clocks with the law's numbers and the vectors of domain-rules §8.3."""

import datetime as dt

import pytest

from zhengwu.core.errors import Conflict, Invalid, NotAllowed
from zhengwu.core.models import Clock
from zhengwu.disclosure.requests import rules, services
from zhengwu.disclosure.requests.models import Consultation, Request

from .conftest import applicant

D = dt.date
API = "/api/v1/disclosure/requests"


def due(req):
    c = services.answer_clock(req)
    c.refresh_from_db()
    return c.due_date


@pytest.mark.parametrize(
    ("received", "deadline"),
    [
        (D(2024, 9, 25), D(2024, 10, 28)),
        (D(2025, 1, 20), D(2025, 2, 21)),
        (D(2025, 9, 26), D(2025, 10, 30)),
        (D(2026, 2, 10), D(2026, 3, 16)),
        (D(2026, 9, 18), D(2026, 10, 22)),
    ],
)
def test_twenty_working_days_from_receipt(gov, officer, make, received, deadline):
    req = make(gov, officer, on=received)
    assert req.received_on == received
    assert due(req) == deadline
    c = services.answer_clock(req)
    assert (c.limit, c.unit, c.jurisdiction_code, c.agency_id) == (
        20,
        Clock.WORKDAYS,
        "433101",
        gov.pk,
    )


def test_receipt_date_of_registered_post_is_the_signing_day(gov, officer):
    req, _ = services.register(
        gov,
        applicant(),
        channel=rules.REGISTERED_POST,
        signed_for_on=D(2025, 9, 26),
        arrived_on=D(2025, 9, 25),
        by=officer,
    )
    assert req.received_on == D(2025, 9, 26)
    assert req.receipt_basis == "行政机关签收之日"
    assert due(req) == D(2025, 10, 30)


def test_extension_by_the_office_head_twenty_more(gov, officer, gov_head, make):
    req = make(gov, officer, on=D(2025, 9, 26))
    services.review(req, by=officer)
    with pytest.raises(NotAllowed):
        services.extend(req, days=20, reason="信息量大", by=officer)
    with pytest.raises(Invalid) as e:
        services.extend(req, days=21, reason="信息量大", by=gov_head)
    assert e.value.code == "extension_too_long"
    services.extend(req, days=20, reason="信息量大", by=gov_head)
    assert due(req) == D(2025, 11, 27)  # 20 + 20 working days
    with pytest.raises(Invalid):
        services.extend(req, days=1, reason="再延", by=gov_head)


def test_extension_in_two_steps_stops_at_twenty(gov, officer, gov_head, make):
    req = make(gov, officer, on=D(2025, 9, 26))
    services.extend(req, days=5, reason="调档", by=gov_head)
    services.extend(req, days=15, reason="调档", by=gov_head)
    assert due(req) == D(2025, 11, 27)
    req.refresh_from_db()
    assert req.extended_days == 20


def test_clarification_notice_within_seven_working_days(gov, officer, make):
    req = make(gov, officer, on=D(2025, 4, 30))
    notice = services._clock(req, services.CLARIFY_NOTICE)
    assert notice.due_date == D(2025, 5, 14)
    with pytest.raises(Invalid) as e:
        services.notify_clarification(req, what="请写明文号", on=D(2025, 5, 15), by=officer)
    assert e.value.code == "clarify_too_late"
    services.notify_clarification(req, what="请写明文号", on=D(2025, 5, 14), by=officer)
    req.refresh_from_db()
    assert req.status == Request.CLARIFYING
    assert services.answer_clock(req).state == Clock.SUSPENDED
    with pytest.raises(Conflict):  # 一次性告知: only once (待补正 refuses it: 409)
        services.notify_clarification(req, what="再补正", on=D(2025, 5, 14), by=officer)


def test_clarification_restarts_the_twenty_days(gov, officer, make):
    req = make(gov, officer, on=D(2025, 9, 19))
    services.notify_clarification(req, what="请写明文号", on=D(2025, 9, 22), by=officer)
    services.receive_clarification(
        req, on=D(2025, 9, 26), text="文号为吉政发〔2024〕1号", by=officer
    )
    req.refresh_from_db()
    assert req.status == Request.REVIEWING
    c = services.answer_clock(req)
    assert (c.started_on, c.state, c.due_date) == (D(2025, 9, 26), Clock.RUNNING, D(2025, 10, 30))


def test_no_clarification_in_time_is_abandonment(gov, officer, make):
    req = make(gov, officer, on=D(2025, 9, 19))
    services.notify_clarification(
        req, what="请写明文号", period_workdays=7, on=D(2025, 9, 22), by=officer
    )
    period = services._clock(req, services.CLARIFY_PERIOD)
    assert period.due_date == D(2025, 9, 30)  # 9-28 (Sunday) is a 调休 working day
    with pytest.raises(Invalid):
        services.abandon_unclarified(req, on=D(2025, 9, 30))
    with pytest.raises(Invalid):
        services.receive_clarification(req, on=D(2025, 10, 10), by=officer)
    assert services.sweep(on=D(2025, 9, 30))["abandoned"] == 0
    result = services.sweep(on=D(2025, 10, 10))
    assert result["abandoned"] == 1
    req.refresh_from_db()
    assert (req.status, req.outcome, req.answered_on) == (
        Request.ANSWERED,
        "no_clarification",
        D(2025, 10, 10),
    )
    assert req.outcome_row.startswith("（六）其他处理/1.")
    assert not services.clock.clocks_of(req).exclude(state=Clock.STOPPED).exists()


def test_third_party_consultation_suspends_the_clock(gov, officer, make):
    req = make(gov, officer, on=D(2025, 9, 26))
    services.handle(req, by=officer)
    c = services.consult(
        req, kind=Consultation.THIRD_PARTY, party_name="某公司", sent_on=D(2025, 10, 9), by=officer
    )
    reply_clock = services._clock(c, services.CONSULTATION)
    # 15 working days; 10-11 (Saturday) is a 调休 working day.
    assert (reply_clock.limit, reply_clock.due_date) == (15, D(2025, 10, 29))
    assert services.answer_clock(req).state == Clock.SUSPENDED
    assert due(req) is None
    with pytest.raises(Invalid) as e:  # silence counts only after the 15 working days
        services.record_reply(c, reply=Consultation.NO_REPLY, on=D(2025, 10, 29), by=officer)
    assert e.value.code == "consultation_running"
    services.record_reply(c, reply=Consultation.OBJECT, on=D(2025, 10, 16), by=officer)
    # 10-10, 10-11, 10-13..10-16 (6 working days) do not count: 10-30 moves to 11-07.
    assert due(req) == D(2025, 11, 7)
    assert services.answer_clock(req).state == Clock.RUNNING


def test_two_consultations_resume_only_when_both_replied(gov, officer, make):
    req = make(gov, officer, on=D(2025, 9, 26))
    services.handle(req, by=officer)
    a = services.consult(
        req, kind=Consultation.THIRD_PARTY, party_name="甲", sent_on=D(2025, 10, 9), by=officer
    )
    b = services.consult(
        req, kind=Consultation.OTHER_AGENCY, party_name="乙局", sent_on=D(2025, 10, 10), by=officer
    )
    services.record_reply(a, reply=Consultation.AGREE, on=D(2025, 10, 13), by=officer)
    assert services.answer_clock(req).state == Clock.SUSPENDED
    with pytest.raises(Invalid):
        services.answer(
            req, outcome="disclosed", on=D(2025, 10, 14), provided_otherwise="现场查阅", by=officer
        )
    services.record_reply(b, reply=Consultation.NO_REPLY, on=D(2025, 10, 31), by=officer)
    assert services.answer_clock(req).state == Clock.RUNNING


def test_fee_notice_and_unpaid_ends_processing(gov, officer, make):
    req = make(gov, officer, on=D(2025, 9, 26))
    services.handle(req, by=officer)
    with pytest.raises(Invalid) as e:
        services.notify_fee(req, method=rules.PER_VOLUME, pages=30, on=D(2025, 9, 29), by=officer)
    assert e.value.code == "fee_free"
    services.notify_fee(req, method=rules.PER_VOLUME, pages=250, on=D(2025, 9, 29), by=officer)
    req.refresh_from_db()
    assert req.fee_yuan == 4700
    assert services.answer_clock(req).state == Clock.SUSPENDED
    pay = services._clock(req, services.FEE_PAYMENT)
    assert pay.limit == 20
    assert services.sweep(on=pay.due_date)["unpaid"] == 0
    assert services.sweep(on=pay.due_date + dt.timedelta(days=1))["unpaid"] == 1
    req.refresh_from_db()
    assert req.outcome == "fee_unpaid"
    assert req.outcome_row.startswith("（六）其他处理/2.")


def test_fee_paid_resumes_the_clock(gov, officer, make):
    req = make(gov, officer, on=D(2025, 9, 26))
    services.handle(req, by=officer)
    services.notify_fee(req, method=rules.PER_VOLUME, pages=100, on=D(2025, 9, 29), by=officer)
    services.record_payment(req, on=D(2025, 10, 9), by=officer)
    # 9-30 and 10-09 (working days in the pause) do not count.
    assert due(req) == D(2025, 11, 3)
    services.answer(
        req, outcome="disclosed", on=D(2025, 10, 20), provided_otherwise="现场查阅", by=officer
    )


def test_per_item_fee_counts_the_applicants_month(gov, officer):
    reqs = []
    for day in range(1, 12):
        r, _ = services.register(
            gov, applicant(n=7), channel=rules.LETTER, submitted_on=D(2025, 7, day + 1), by=officer
        )
        reqs.append(r)
    other_month, _ = services.register(
        gov, applicant(n=7), channel=rules.LETTER, submitted_on=D(2025, 8, 1), by=officer
    )
    assert services.nth_in_month(reqs[10]) == 11
    assert services.compute_fee(reqs[9], rules.PER_ITEM) == 0
    assert services.compute_fee(reqs[10], rules.PER_ITEM) == 100
    assert services.compute_fee(other_month, rules.PER_ITEM) == 0


def test_answer_stops_every_clock_and_archive(gov, officer, make):
    req = make(gov, officer, on=D(2025, 9, 26))
    services.review(req, by=officer)
    with pytest.raises(Invalid) as e:
        services.answer(req, outcome="partial", on=D(2025, 10, 10), by=officer)
    assert e.value.code == "reason_required"
    with pytest.raises(Invalid):
        services.answer(req, outcome="still_unclear", on=D(2025, 10, 10), by=officer)
    services.answer(
        req,
        outcome="partial",
        reason="第3页涉及个人隐私",
        on=D(2025, 10, 10),
        provided_otherwise="现场查阅",
        by=officer,
    )
    assert not services.clock.clocks_of(req).exclude(state=Clock.STOPPED).exists()
    services.archive(req, by=officer)
    req.refresh_from_db()
    assert req.status == Request.ARCHIVED
    with pytest.raises(Conflict):  # the state table refuses it (409), as every app's does
        services.answer(req, outcome="disclosed", provided_otherwise="现场查阅", by=officer)


def test_sweeps_are_scheduled():
    from zhengwu.core import schedule

    names = {job.name for job in schedule.jobs()}
    assert {"disclosure_requests.sweep", "disclosure_requests.open_reports"} <= names


def test_open_reports_task_creates_last_years_rows(db):
    from zhengwu.disclosure.requests import tasks
    from zhengwu.disclosure.requests.models import AnnualReport

    n = tasks.open_annual_reports.call()
    year = services.today().year - 1
    assert n == AnnualReport.objects.filter(year=year).count() == 117
    # only the bodies that must publish (条例 §49): no 事业单位
    assert not AnnualReport.objects.filter(agency__kind="institution").exists()
    assert (
        services.clock.clocks_of(AnnualReport.objects.filter(year=year).first()).get().purpose
        == services.REPORT_DUE
    )


@pytest.mark.parametrize("pages", [10**9, 2_600_000])
def test_a_page_count_whose_fee_exceeds_the_column_is_refused(make, gov, officer, as_user, pages):
    """按量计收 of so many pages is more than 信息处理费 can hold: a 422 on the page count, not
    a database error (PostgreSQL's numeric overflow was a 500)."""
    req = make(gov, officer)
    services.review(req, by=officer)
    with pytest.raises(Invalid) as e:
        services.notify_fee(req, method=rules.PER_VOLUME, pages=pages, by=officer)
    assert e.value.message == "信息处理费超出上限（最大 99,999,999.99 元）"
    assert e.value.field == "pages"
    r = as_user("disclosure").post(
        f"{API}/{req.number}/fee",
        {"method": rules.PER_VOLUME, "pages": pages},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["field"] == "pages"
    req.refresh_from_db()
    assert req.fee_noticed_on is None
