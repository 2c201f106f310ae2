"""依申请公开 tracking cannot be enumerated (issue 18 §4): wrong codes are throttled per address
and per request number, on the API, the page and the letter download alike (429 in Chinese with
Retry-After); a wrong code and an unknown number get the same answer."""

import json
import re
import time

import pytest
from django.test import Client, override_settings

from zhengwu.core import throttle
from zhengwu.disclosure.requests import services

from .conftest import applicant

pytestmark = pytest.mark.django_db
API = "/api/v1/disclosure/requests/track"


@pytest.fixture
def submitted(gov):
    """(number, query code) of a request submitted online without an account."""
    req, code = services.submit_online(gov, applicant(), by=None)
    return req.number, code


def track_api(client, number, code):
    return client.post(
        API, json.dumps({"number": number, "query_code": code}), content_type="application/json"
    )


@override_settings(ZHENGWU_TRACK_RATE_IP="3/3600", ZHENGWU_TRACK_RATE_NUMBER="100/3600")
def test_wrong_codes_from_one_address_get_429(submitted):
    number, code = submitted
    client = Client(REMOTE_ADDR="10.6.0.1")
    assert track_api(client, number, "WRONG001").status_code == 404
    page = client.post("/xxgk/apply/track/", {"number": number, "query_code": "WRONG002"})
    assert page.status_code == 404
    letter = client.post(
        "/xxgk/apply/track/letter/", {"number": number, "query_code": "WRONG003", "fmt": "pdf"}
    )
    assert letter.status_code == 404
    refused = track_api(client, number, code)
    assert refused.status_code == 429 and refused["Retry-After"]
    assert refused.json()["code"] == "rate_limited"
    assert "查询错误次数过多" in refused.json()["message"]
    page = client.post("/xxgk/apply/track/", {"number": number, "query_code": code})
    assert page.status_code == 429 and page["Retry-After"]
    assert "查询错误次数过多" in page.content.decode()
    assert track_api(Client(REMOTE_ADDR="10.6.0.2"), number, code).status_code == 200


@override_settings(ZHENGWU_TRACK_RATE_IP="100/3600", ZHENGWU_TRACK_RATE_NUMBER="3/3600")
def test_wrong_codes_against_one_number_get_429_from_any_address(submitted, gov, settings):
    number, code = submitted
    # The tries are counted in fixed windows (core/throttle.py): all four must fall in one, so
    # a test begun in a window's last seconds waits for the next to begin.
    seconds = throttle.parse(settings.ZHENGWU_TRACK_RATE_NUMBER)[1]
    left = seconds - time.time() % seconds
    if left < 30:
        time.sleep(left + 0.1)
    for n in range(3):
        assert (
            track_api(Client(REMOTE_ADDR=f"10.6.1.{n}"), number, f"WRONG00{n}").status_code == 404
        )
    fresh = Client(REMOTE_ADDR="10.6.2.1")
    refused = fresh.post("/xxgk/apply/track/", {"number": number, "query_code": code})
    assert refused.status_code == 429 and "该编号" in refused.content.decode()
    other, other_code = services.submit_online(gov, applicant(n=2), by=None)
    assert track_api(fresh, other.number, other_code).status_code == 200


def test_a_wrong_code_and_an_unknown_number_get_the_same_answer(submitted):
    number, _ = submitted
    unknown = number[:-3] + ("999" if not number.endswith("999") else "998")
    a, b = track_api(Client(), number, "WRONG123"), track_api(Client(), unknown, "WRONG123")
    assert (a.status_code, a.json()) == (b.status_code, b.json())
    assert a.status_code == 404
    a = Client().post("/xxgk/apply/track/", {"number": number, "query_code": "WRONG123"})
    b = Client().post("/xxgk/apply/track/", {"number": unknown, "query_code": "WRONG123"})
    assert a.status_code == b.status_code == 404
    assert page_without(a, number) == page_without(b, unknown)


def page_without(response, number: str) -> str:
    """The page less the number typed in and the form's (per-response) CSRF token."""
    text = response.content.decode().replace(number, "N")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
