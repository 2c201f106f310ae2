"""Shared fixtures. The test database gets the real Xiangxi divisions and the demo once per
session; each test runs in a transaction that is rolled back, so the demo stays as loaded."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from zhengwu.core import actions
from zhengwu.org.demo import DEMO_PASSWORD
from zhengwu.org.models import Agency, Jurisdiction, User

# The actions tests record of their own: registered as the apps register theirs, since
# `audit.record` refuses an unregistered action (ZHENGWU_AUDIT_ACTIONS_STRICT).
TEST_ACTIONS = {
    "test.accepted": "测试：受理",
    "test.change": "测试：变更",
    "test.other": "测试：其他变更",
    "test.first": "测试：第一次变更",
    "test.carried": "测试：随行写入",
    "test.snapshot": "测试：快照",
    "test.bulk": "测试：批量",
    "test.concurrent": "测试：并发写入",
    "test.hold": "测试：占用链头",
    "test.busy": "测试：链头繁忙",
    "test.after_head": "测试：导出链头之后",
}
for _action, _label in TEST_ACTIONS.items():
    actions.register(_action, _label)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", quiet_logins=True, stdout=io.StringIO())


@pytest.fixture(autouse=True)
def fresh_calendar():
    """The calendar is cached per process; a test that changes it must not leak into the next."""
    from zhengwu.core import calendar

    yield
    calendar.invalidate()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rolled-back tests reuse primary keys and credit codes: a page or a generation cached by
    one test must not leak into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_limits(fresh_cache):
    """The statutory limits are cached per process: a test that changes one starts and leaves
    the next with the table as the database has it."""
    from zhengwu.core import limits

    limits.invalidate()
    yield


@pytest.fixture
def reload_demo(django_db_blocker):
    """For transactional tests (real commits). pytest-django runs them after the others and
    flushes every table after each, so the demo is put back before the test when it is gone."""
    with django_db_blocker.unblock():
        if not Jurisdiction.objects.exists():
            call_command("load_demo", quiet_logins=True, stdout=io.StringIO())
    yield


@pytest.fixture
def password():
    return DEMO_PASSWORD


def login(username: str) -> Client:
    client = Client()
    user = User.objects.get(username=username)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def as_user(db):
    """as_user("supervisor") → a logged-in test client for a demo account."""
    return login


@pytest.fixture
def xiangxi(db):
    return Jurisdiction.objects.get(code="433100")


@pytest.fixture
def jishou(db):
    return Jurisdiction.objects.get(code="433101")


@pytest.fixture
def fenghuang(db):
    return Jurisdiction.objects.get(code="433123")


@pytest.fixture
def agency(db):
    """吉首市市场监督管理局 (the demo's department officer and head work here)."""
    return Agency.objects.get(jurisdiction__code="433101", short_name="市场监管")


def post_twice(client, path: str, data, key: str, **extra):
    """POST the same submission twice with one Idempotency-Key (the header; a form's hidden
    field when `data` carries `idempotency_key`): the second gets the first's response again,
    marked replayed. `data` may be a callable (uploads are read once: fresh files each time).
    Returns the first response."""
    make = data if callable(data) else lambda: data
    headers = {} if "idempotency_key" in make() else {"HTTP_IDEMPOTENCY_KEY": key}
    first = client.post(path, make(), **headers, **extra)
    again = client.post(path, make(), **headers, **extra)
    assert first.status_code < 400, first.content.decode()[:2000]
    assert "Idempotent-Replayed" not in first
    assert again["Idempotent-Replayed"] == "true"
    assert (again.status_code, again.content) == (first.status_code, first.content)
    assert again.get("Location") == first.get("Location")
    return first
