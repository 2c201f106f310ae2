"""schemathesis over /api/v1/openapi.json, in process through the WSGI app: no generated input,
valid or not, gets a 500 from any operation. Every operation in the schema is fuzzed, so the
routers that later issues add are covered without touching this file.

Requests carry a supervisor's bearer token so the authenticated operations are exercised past
their authentication; hypothesis keeps the examples few so the file runs well under a minute."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from zhengwu.org import tokens
from zhengwu.org.models import ApiToken, User
from zhengwu.wsgi import application


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As Django's test client does: the end of a request must not close the test's connection
    (its transaction is rolled back after the test)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(db):
    _, key = tokens.issue(
        User.objects.get(username="supervisor"),
        name="schemathesis",
        scope=ApiToken.WRITE,
        verified=True,
    )
    return {"Authorization": f"Bearer {key}"}


# Loaded at collection through the WSGI app (the schema needs no database); one test per
# operation. (schemathesis.pytest.from_fixture does not work with the installed pytest 9.)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_no_server_error_on_any_input(case, bearer):
    response = case.call(headers=bearer)
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500, response.text


def test_every_router_is_in_the_schema(client):
    paths = set(client.get("/api/v1/openapi.json").json()["paths"])
    for expected in (
        "/api/v1/org/agencies",
        "/api/v1/org/staff",
        "/api/v1/accounts/register",
        "/api/v1/calendar/deadline",
    ):
        assert expected in paths
