"""Fixtures of 公共企事业单位: the demo's 州政务公开办 (`admin`), a 泸溪县 office administrator,
吉首市's 教育局 as the supervising department and a school registered under it."""

import pytest
from django.test import Client
from django.utils import timezone

from zhengwu.disclosure.public_bodies import services
from zhengwu.org.demo import DEMO_PASSWORD, usci_for
from zhengwu.org.models import Agency, Jurisdiction, Role, RoleAssignment, User

JISHOU, LUXI = "433101", "433122"


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


def department(code: str, ending: str) -> Agency:
    return Agency.objects.get(
        jurisdiction__code=code, kind=Agency.DEPARTMENT, name__endswith=ending
    )


def school_data(n: int = 1, **over) -> dict:
    return {
        "usci": usci_for(JISHOU, 99000 + n, registry="12"),
        "name": f"吉首市测试学校{n}",
        "jurisdiction": JISHOU,
        "sector": "jy",
        "supervisor": department(JISHOU, "教育局").usci,
        "contact_person": "张老师",
        "contact_phone": "13907431234",
    } | over


@pytest.fixture
def admin(db) -> User:
    return u("admin")


@pytest.fixture
def luxi_admin(db) -> User:
    return staff(
        "luxi-office", Role.OPENNESS_ADMIN, jurisdiction=Jurisdiction.objects.get(code=LUXI)
    )


@pytest.fixture
def school(admin):
    return services.register_body(school_data(), by=admin)
