"""公共资源交易's fixtures: a body of 吉首市 that trades (its officer), the 吉首市财政局 as the
行政监督部门 of procurement, a registered enterprise, and a client for each."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from zhengwu.core.identity import usci_check_char
from zhengwu.org.demo import DEMO_PASSWORD
from zhengwu.org.models import Agency, Role, RoleAssignment, User

TODAY = dt.date(2026, 12, 7)  # a Monday


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
def body(db) -> Agency:
    """吉首市住房和城乡建设局: 招标人 of the city's works and 采购人 of its goods."""
    return Agency.objects.filter(jurisdiction__code="433101", name__contains="住房").first()


@pytest.fixture
def finance(db) -> Agency:
    return Agency.objects.filter(jurisdiction__code="433101", name__contains="财政").first()


@pytest.fixture
def buyer(body) -> User:
    return staff("zj-buyer", Role.DEPT_OFFICER, agency=body)


@pytest.fixture
def enterprise(db) -> User:
    return User.objects.create_user(
        username="hn-jianshe",
        password=DEMO_PASSWORD,
        kind=User.ENTERPRISE,
        real_name="湖南湘西建设工程有限公司",
        usci=usci("91433100MA4L0BJ8X"),
    )


def usci(body17: str) -> str:
    """A valid 统一社会信用代码 of the 17 characters given (the check character computed)."""
    return body17 + usci_check_char(body17)


@pytest.fixture(autouse=True)
def fresh_rules():
    """The rule rows are kept per process: a test that changes one must not leak into the next."""
    from zhengwu.trading import rules

    rules.invalidate()
    yield
    rules.invalidate()
