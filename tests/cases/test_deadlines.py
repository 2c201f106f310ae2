"""Deadlines with the law's numbers (行政许可法 §§32, 42, 45, 82) and the 2025–2026 calendars
of domain-rules §8."""

import datetime as dt

import pytest

from zhengwu.cases import services
from zhengwu.cases.models import Case, CaseDocument
from zhengwu.core.models import Clock

from .conftest import file_at_window

D = dt.date


@pytest.mark.django_db
def test_notice_within_5_workdays_else_deemed_accepted_from_receipt(item, staff):
    # Received 2025-04-30 (Wed); 劳动节 5-01..5-05: the 5th working day is 2025-05-12.
    case = file_at_window(item, staff["window"], D(2025, 4, 30))
    assert case.intake_clock.limit == 5
    assert case.intake_clock.due_date == D(2025, 5, 12)
    assert services.deem_accepted_overdue(D(2025, 5, 12)) == 0
    assert Case.objects.get(pk=case.pk).status == Case.SUBMITTED
    assert services.deem_accepted_overdue(D(2025, 5, 13)) == 1
    case.refresh_from_db()
    assert case.status == Case.HANDLING
    assert case.deemed_accepted is True
    assert case.accepted_on == D(2025, 4, 30)  # §32: accepted from the day of receipt
    # 20 working days from 2025-04-30, skipping 劳动节 and 端午 (5-31..6-02).
    assert case.statutory_clock.due_date == D(2025, 6, 3)
    assert case.documents.filter(kind=CaseDocument.ACCEPTANCE).exists()
    # A notice after the 5 days is refused: the application is already accepted.
    other = file_at_window(item, staff["window"], D(2025, 4, 30), key="k2")
    with pytest.raises(services.Invalid) as e:
        services.request_supplement(
            other, missing="缺营业执照", by=staff["window"], on=D(2025, 5, 13)
        )
    assert e.value.code == "notice_too_late"


@pytest.mark.django_db
def test_supplement_stops_the_notice_clock_and_restarts_on_receipt(item, staff):
    case = file_at_window(item, staff["window"], D(2025, 4, 30))
    services.request_supplement(
        case, missing="营业执照复印件不清晰", by=staff["window"], on=D(2025, 5, 6)
    )
    case.refresh_from_db()
    assert case.status == Case.SUPPLEMENT
    assert case.intake_clock.state == Clock.STOPPED
    assert services.deem_accepted_overdue(D(2025, 7, 1)) == 0  # told in time: never deemed
    licence = item.materials.get(name="营业执照")
    from .conftest import pdf

    services.supplement(case, materials={licence.pk: pdf()}, by=staff["window"], on=D(2025, 5, 20))
    case.refresh_from_db()
    assert case.status == Case.SUBMITTED
    assert case.intake_clock.started_on == D(2025, 5, 20)
    assert case.intake_clock.due_date == D(2025, 5, 27)
    assert case.documents.filter(kind=CaseDocument.SUPPLEMENT).exists()


@pytest.mark.django_db
def test_20_days_plus_10_extension_approved_by_the_head(item, staff):
    case = file_at_window(item, staff["window"], D(2025, 9, 26))
    services.accept(case, by=staff["window"], on=D(2025, 9, 26))
    case.refresh_from_db()
    # domain-rules §8.3: 2025-09-26 + 20 working days = 2025-10-30 (国庆+中秋 10-01..10-08).
    assert case.statutory_clock.due_date == D(2025, 10, 30)
    with pytest.raises(services.NotAllowed):
        services.extend(case, reason="需实地核查", by=staff["officer"], on=D(2025, 10, 20))
    services.extend(case, reason="需实地核查", by=staff["head"], on=D(2025, 10, 20))
    case.refresh_from_db()
    assert case.statutory_clock.extension == 10
    assert case.statutory_clock.due_date == D(2025, 11, 13)
    assert case.documents.filter(kind=CaseDocument.EXTENSION).exists()
    with pytest.raises(services.Invalid):
        services.extend(case, reason="再延长", by=staff["head"], on=D(2025, 10, 21))


@pytest.mark.django_db
def test_joint_handling_45_plus_15(joint_item, staff):
    case = file_at_window(joint_item, staff["window"], D(2025, 9, 26))
    services.accept(case, by=staff["window"], on=D(2025, 9, 26))
    case.refresh_from_db()
    assert case.statutory_clock.due_date == D(2025, 12, 4)
    services.extend(case, reason="联合审查部门多", by=staff["head"], on=D(2025, 11, 20))
    case.refresh_from_db()
    assert case.statutory_clock.extension == 15
    assert case.statutory_clock.due_date == D(2025, 12, 25)


@pytest.mark.django_db
def test_testing_period_not_counted(item, staff):
    case = file_at_window(item, staff["window"], D(2026, 2, 10))
    services.accept(case, by=staff["window"], on=D(2026, 2, 10))
    case.refresh_from_db()
    # §8.3: 2026-02-10 + 20 = 2026-03-16 (春节 2-15..2-23, 2-14 and 2-28 are workdays).
    assert case.statutory_clock.due_date == D(2026, 3, 16)
    services.suspend(
        case, kind="testing", reason="送检", expected_days=5, by=staff["officer"], on=D(2026, 3, 2)
    )
    case.refresh_from_db()
    assert case.status == Case.SUSPENDED
    assert case.statutory_clock.state == Clock.SUSPENDED
    assert case.documents.filter(kind=CaseDocument.SUSPENSION).exists()
    services.resume(case, by=staff["officer"], on=D(2026, 3, 6))
    case.refresh_from_db()
    # 3-03, 3-04, 3-05, 3-06 do not count (§45): four working days later.
    assert case.statutory_clock.due_date == D(2026, 3, 20)
    assert case.status == Case.HANDLING
