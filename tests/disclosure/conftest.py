"""Fixtures of the 主动公开 tests: the disclosure demo on top of the org demo, and helpers."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from zhengwu.disclosure import demo, services
from zhengwu.org.models import Agency, Role, RoleAssignment, User


@pytest.fixture(scope="session", autouse=True)
def disclosure_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        demo.build(io.StringIO())


@pytest.fixture
def jishou_gov(db):
    return Agency.objects.get(jurisdiction__code="433101", kind=Agency.GOVERNMENT)


@pytest.fixture
def fenghuang_gov(db):
    return Agency.objects.get(jurisdiction__code="433123", kind=Agency.GOVERNMENT)


@pytest.fixture
def prefecture_gov(db):
    return Agency.objects.get(jurisdiction__code="433100", kind=Agency.GOVERNMENT)


@pytest.fixture
def officer(db):
    """信息公开专员 of 吉首市人民政府 (the demo's `disclosure` account)."""
    return User.objects.get(username="disclosure")


@pytest.fixture
def fh_officer(db, fenghuang_gov):
    """A disclosure officer of another agency: 凤凰县人民政府."""
    user = User.objects.create(
        username="fh-disclosure",
        kind=User.STAFF,
        real_name="凤凰县信息公开专员",
        password_changed_at=timezone.now(),
    )
    RoleAssignment.objects.create(user=user, role=Role.DISCLOSURE_OFFICER, agency=fenghuang_gov)
    return user


@pytest.fixture
def make_doc(officer, jishou_gov):
    """make_doc(**fields) → a draft of 吉首市人民政府 drafted by its officer."""

    def make(agency=None, by=None, clock_since=None, **fields):
        data = {
            "title": "吉首市2025年财政预算执行情况",
            "created_on": dt.date(2025, 9, 26),
            "genre": "预决算",
            "topic": "财政、金融、审计",
            "column": "k-czyjs",
            "summary": "2025年全市一般公共预算收支执行情况。",
            "body": "一、一般公共预算收入完成情况\n二、支出情况",
        } | fields
        return services.create_draft(
            agency or jishou_gov, data, by=by or officer, clock_since=clock_since
        )

    return make


@pytest.fixture
def published_doc(make_doc, officer):
    doc = make_doc(
        title="吉首市关于印发《吉首市城区停车管理办法》的通知",
        genre="行政规范性文件",
        column="g20-01",
        doc_number="吉政发〔2025〕9号",
    )
    services.submit(doc, by=officer)
    return services.publish(doc, by=officer, on=dt.date(2025, 10, 20))
