"""schemathesis over /api/v1/openapi.json, in process through the WSGI app: no generated input,
valid or not, gets a 500 from any operation. Every operation in the schema is fuzzed, so the
routers that later issues add are covered without touching this file.

Requests carry a supervisor's bearer token so the authenticated operations are exercised past
their authentication, and a case the supervisor sees as `case_id`, so the case operations get
past the look-up; hypothesis keeps the examples few so the file runs well under a minute.

Amount fields are `format: amount` in the schema (core.money.OPENAPI): their values come from
AMOUNTS, the nonsense a careless client sends (NaN, sNaN, Infinity, 0.001, huge, negative),
which the default string strategy never produced. `test_every_amount_endpoint_refuses_nonsense`
sends such values, and any other, to every amount endpoint with a caller allowed to charge."""

from decimal import Decimal

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from tests.cases.conftest import make_item, person, required_files
from zhengwu.cases import queries as case_queries
from zhengwu.cases import services as case_services
from zhengwu.cases.models import Case, CaseFee
from zhengwu.core import money
from zhengwu.org import tokens
from zhengwu.org.models import Agency, ApiToken, User
from zhengwu.services.models import Fee, Item
from zhengwu.wsgi import application

AMOUNTS = [
    "NaN",
    "sNaN",
    "-NaN",
    "Infinity",
    "-Infinity",
    "inf",
    "0.001",
    "99999999999999999999999",
    "1e9",
    "-1",
    "0",
    "abc",
    "",
    "12.5",
]
amounts = st.sampled_from(AMOUNTS)
schemathesis.openapi.format("amount", amounts)


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


@pytest.fixture
def visible_case(db):
    return case_queries.visible_to(User.objects.get(username="supervisor")).first()


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
def test_no_server_error_on_any_input(case, bearer, visible_case):
    if "case_id" in (case.path_parameters or {}) and visible_case is not None:
        case.path_parameters["case_id"] = visible_case.pk
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


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


anything = st.one_of(
    amounts,
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.text(max_size=30),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
)


@pytest.fixture
def window_case(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    agency = Agency.objects.get(jurisdiction__code="433101", short_name="市场监管")
    item = make_item(agency)
    case, _ = case_services.submit(
        item,
        by=User.objects.get(username="window"),
        channel=Case.WINDOW,
        applicant=person(),
        materials=required_files(item),
        idempotency_key="fuzz",
    )
    return case


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(amount=anything)
def test_every_amount_endpoint_refuses_nonsense(window_case, as_user, amount):
    """Whatever is sent as an amount: a 422 {code, message, field} in Chinese, or an amount the
    column keeps exactly (finite, at most two decimals, within its digits)."""
    checks = [
        (
            as_user("window"),
            f"/api/v1/cases/{window_case.pk}/fees",
            {"name": "工本费", "amount": amount},
            lambda: CaseFee.objects.filter(case=window_case).order_by("-id").first().amount_yuan,
            CaseFee._meta.get_field("amount_yuan"),
        ),
        (
            as_user("officer"),
            "/api/v1/services/items",
            {
                "agency_usci": window_case.agency.usci,
                "item_type": "01",
                "basic_code": "XK9999999000",
                "name": "收费金额检验事项",
                "visits": 1,
                "visit_reason": "核验原件",
                "result_name": "食品经营许可证",
                "materials": [{"name": "申请书"}],
                "fees": [
                    {"name": "工本费", "standard": "按件", "basis": "依据", "amount_yuan": amount}
                ],
                "steps": [{"order": 1, "code": "accept", "name": "受理", "role": "window_clerk"}],
            },
            lambda: (
                Fee.objects.filter(item__name="收费金额检验事项")
                .order_by("-id")
                .first()
                .amount_yuan
            ),
            Fee._meta.get_field("amount_yuan"),
        ),
    ]
    for client, path, body, stored, column in checks:
        r = client.post(path, body, content_type="application/json")
        assert r.status_code < 500, (path, amount, r.content)
        if r.status_code == 422:
            data = r.json()
            assert data["code"] and data["field"] and _is_chinese(data["message"]), data
            continue
        assert r.status_code in (200, 201), (path, amount, r.content)
        value = stored()
        Item.objects.filter(name="收费金额检验事项").delete()  # the next example makes it again
        if value is None:  # an item fee may leave the amount to its standard
            continue
        assert isinstance(value, Decimal) and value.is_finite()
        assert 0 < value <= money.largest(column)
        assert value == value.quantize(Decimal("0.01"))
