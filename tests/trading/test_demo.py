"""The demo's 公共资源交易: a year of projects of every kind in the 州's and the 8 counties'
trading centres, at every stage, every date within the rule rows, some clocks running and two
left late for 电子监察."""

import pytest
from django.utils import timezone

from zhengwu.core import clock
from zhengwu.core.models import Clock
from zhengwu.trading import rules, services
from zhengwu.trading.models import Notice, Project

pytestmark = pytest.mark.django_db


def test_a_year_of_projects_of_every_kind_in_every_centre():
    projects = list(Project.objects.select_related("jurisdiction", "centre"))
    assert 50 <= len(projects) <= 80
    assert {p.kind for p in projects} == {"engineering", "procurement", "land", "property"}
    assert {p.jurisdiction.code for p in projects} == {
        "433100", "433101", "433122", "433123", "433124", "433125", "433126", "433127", "433130"
    }  # fmt: skip
    assert all(p.centre and p.centre.jurisdiction_id == p.jurisdiction_id for p in projects)
    methods = {p.method for p in projects if p.kind == "procurement"}
    assert {"open_tender", "competitive_consultation", "inquiry", "single_source"} <= methods
    states = {p.state for p in projects}
    assert {Project.PLANNED, Project.NOTICE, Project.CLOSED} <= states and len(states) >= 5
    today = timezone.localdate()
    assert all(today.toordinal() - p.created_on.toordinal() <= 366 for p in projects)
    assert not Notice.objects.filter(published_on__gt=today).exists()


def test_every_date_holds_by_the_rule_rows():
    for p in Project.objects.select_related("jurisdiction"):
        found = rules.check(p.kind, p.method, services.dates_of(p),
                            jurisdiction_code=p.jurisdiction.code)  # fmt: skip
        assert rules.refusing(found) == [], (p.name, rules.summary(found))


def test_clocks_run_and_two_are_late_for_supervision():
    today = timezone.localdate()
    purposes = set(services.PURPOSES.values())
    clocks = Clock.objects.filter(
        purpose__in=purposes, subject_type__app_label="trading", subject_type__model="project"
    )
    running = clocks.exclude(state=Clock.STOPPED)
    late = {c.purpose for c in running if c.due_date < today}
    assert {"中标候选人公示发布", "政府采购合同公告"} <= late
    assert running.filter(due_date__gte=today).exists()  # still within its period
    assert clocks.filter(state=Clock.STOPPED).count() > 20
    p = Project.objects.filter(state=Project.EVALUATED, kind="engineering").first()
    assert clock.clocks_of(p).get().status != "normal"  # 电子监察's sweep saw it
