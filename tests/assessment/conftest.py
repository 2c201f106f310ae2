"""考核 fixtures: a survey whose questions name no county (公众评议 left without data), a
scheme started with it, and staff made for a test."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengwu.assessment import editing
from zhengwu.interaction import services as interaction
from zhengwu.org.demo import DEMO_PASSWORD
from zhengwu.org.models import Agency, Jurisdiction, RoleAssignment, User


def u(name: str) -> User:
    return User.objects.get(username=name)


def make_survey(questions, title="测试满意度调查"):
    """A published survey of 州 agency questions [(text, choices)], made by the demo admin."""
    root = Jurisdiction.objects.get(code="433100")
    agency = Agency.objects.filter(jurisdiction=root).order_by("name").first()
    today = timezone.localdate()
    s = interaction.create_survey(
        agency,
        {
            "title": title,
            "opens_on": today - dt.timedelta(days=1),
            "closes_on": today + dt.timedelta(days=10),
        },
        by=u("admin"),
        questions=[{"kind": "single", "text": t, "choices": c} for t, c in questions],
    )
    interaction.publish_survey(s, by=u("admin"))
    return s


@pytest.fixture
def quiet_survey(db):
    return make_survey([("您对本次调查的总体评价", ["满意", "基本满意", "不满意"])], "空白调查")


@pytest.fixture
def start(quiet_survey):
    """start(scheme): link 公众评议 to the quiet survey and start the scoring."""

    def go(scheme):
        ind = scheme.indicators.get(code="public_survey")
        editing.link_survey(ind, quiet_survey.pk, by=u("admin"))
        return editing.start_scoring(scheme, by=u("admin"))

    return go


def staff(username: str, role: str, **where) -> User:
    user = User.objects.create_user(
        username=username,
        password=DEMO_PASSWORD,
        kind=User.STAFF,
        real_name=username,
        password_changed_at=timezone.now(),
    )
    RoleAssignment.objects.create(user=user, role=role, **where)
    return user
