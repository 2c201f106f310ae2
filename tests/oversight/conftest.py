"""社会监督's fixtures: the demo's 州 office (admin) and the 吉首 市场监管局 (officer), a county
office made for a test, and a 人大代表 of the 州 with an account."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from zhengwu.org import services as org_services
from zhengwu.org.demo import DEMO_PASSWORD
from zhengwu.org.models import Agency, Jurisdiction, Role, RoleAssignment, User
from zhengwu.oversight import roster

TODAY = dt.date(2026, 12, 7)  # a Monday


def u(username: str) -> User:
    return User.objects.get(username=username)


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


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session["zw_otp_ok"] = True
    session.save()
    return client


@pytest.fixture
def office(db) -> User:
    return u("admin")


@pytest.fixture
def officer(db) -> User:
    return u("officer")


@pytest.fixture
def market(db) -> Agency:
    """吉首市市场监督管理局."""
    return Agency.objects.get(jurisdiction__code="433101", short_name="市场监管")


@pytest.fixture
def luxi_office(db) -> User:
    return staff(
        "lx-office", Role.OPENNESS_ADMIN, jurisdiction=Jurisdiction.objects.get(code="433122")
    )


@pytest.fixture
def luxi_agency(db) -> Agency:
    return Agency.objects.filter(jurisdiction__code="433122").order_by("id").first()


def member(office, *, username="rd-peng", start=dt.date(2026, 1, 1), end=dt.date(2030, 12, 31)):
    """A supervisor the office appoints; one with an account has set their own password at the
    first log in, as they must (the office's is an initial one)."""
    supervisor = roster.add(
        {
            "name": "彭秀英",
            "category": "npc",
            "work_unit": "州人大代表、吉首市乾州街道社区主任",
            "phone": "13907431234",
            "term_start": start,
            "term_end": end,
        },
        Jurisdiction.objects.get(code="433100"),
        by=office,
        username=username,
        password=DEMO_PASSWORD if username else "",
    )
    if supervisor.user is not None:
        org_services.change_password(supervisor.user, old=DEMO_PASSWORD, new="Jiandu-Yuan-2026")
    return supervisor


@pytest.fixture
def npc(office):
    return member(office)
