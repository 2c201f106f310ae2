"""办件查询 cannot be enumerated (issue 18 §4): the query code is told once, at submission, and
stored only as a hash; wrong tries are throttled per address and per tracked number on the API
and the page alike (429, Chinese, Retry-After); a wrong code and an unknown number get the same
answer."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client, override_settings

from zhengwu.core.tracking import hash_code

from .conftest import file_at_window, file_online, pdf, person

pytestmark = pytest.mark.django_db
D = dt.date
API = "/api/v1/cases/track"


@pytest.fixture
def case(item, staff):
    return file_at_window(item, staff["window"], D(2025, 9, 1))


def wrong(code: str, n: int = 0) -> str:
    """The n-th of some six-digit codes that are not `code`."""
    return f"{(int(code) + 1 + n) % 10**6:06d}"


def files_of(item) -> dict:
    return {f"material_{m.pk}": pdf() for m in item.materials.filter(required=True)}


def test_the_stored_query_code_is_a_hash_not_the_code(case):
    assert len(case.query_code) == 6
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cases_case WHERE id = %s", [case.pk])
        columns = [c[0] for c in cursor.description]
        row = dict(zip(columns, cursor.fetchone(), strict=True))
    assert "query_code" not in columns
    assert case.query_code not in [str(v) for v in row.values()]
    assert row["query_code_hash"] == hash_code(case.number, case.query_code)
    # the code still opens the case, and only the code
    assert Client().get(API, {"number": case.number, "code": case.query_code}).status_code == 200


def test_the_code_is_given_once_at_submission(item, citizen, as_user):
    client = as_user(citizen.username)
    data = {"item": item.pk, "channel": "online", "applicant_phone": "13907430001"}
    data |= files_of(item)
    r = client.post("/api/v1/cases/", data | {"idempotency_key": "once-1"})
    assert r.status_code == 201 and len(r.json()["query_code"]) == 6
    number, code = r.json()["number"], r.json()["query_code"]
    assert Client().get(API, {"number": number, "code": code}).status_code == 200
    # read back later, the case has no code to give
    assert client.get(f"/api/v1/cases/{r.json()['id']}").json()["query_code"] is None
    # the citizen's notice of the submission carries it
    assert code in citizen.notices.filter(title="申请已提交").latest("id").body


def test_the_confirmation_pages_show_the_code_once(item, citizen, as_user):
    client = as_user(citizen.username)
    r = client.post(
        f"/zwfw/apply/{item.pk}/",
        {"idempotency_key": "page-1", "applicant_phone": "13907430001", **files_of(item)},
        follow=True,
    )
    text = r.content.decode()
    assert r.status_code == 200 and "仅显示一次" in text
    number, code = re.search(r"办件编号(\S+?)，查询码(\d{6})", text).groups()
    assert Client().get(API, {"number": number, "code": code}).status_code == 200
    assert "仅显示一次" not in client.get(r.redirect_chain[-1][0]).content.decode()
    window = as_user("window")
    r = window.post(
        "/workbench/cases/window/",
        {
            "item": item.pk,
            "idempotency_key": "w-1",
            "channel": "window",
            **person(),
            **files_of(item),
        },
        follow=True,
    )
    text = r.content.decode()
    assert r.status_code == 200 and "请告知申请人，仅显示一次" in text
    number, code = re.search(r"已登记办件(\S+?)，查询码(\d{6})", text).groups()
    assert Client().get(API, {"number": number, "code": code}).status_code == 200


@override_settings(ZHENGWU_TRACK_RATE_IP="3/3600", ZHENGWU_TRACK_RATE_NUMBER="100/3600")
def test_wrong_codes_from_one_address_get_429_on_the_api_and_the_page(case, item, staff):
    other = file_at_window(item, staff["window"], D(2025, 9, 1), key="k2")
    client = Client(REMOTE_ADDR="10.7.0.1")
    for n in range(3):
        r = client.get(API, {"number": case.number, "code": wrong(case.query_code, n)})
        assert r.status_code == 404
    refused = client.get(API, {"number": other.number, "code": other.query_code})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["code"] == "rate_limited"
    assert "查询错误次数过多" in refused.json()["message"]
    page = client.get("/zwfw/track/", {"number": case.number, "code": case.query_code})
    assert page.status_code == 429 and page["Retry-After"]
    text = page.content.decode()
    assert "查询错误次数过多" in text and f'value="{case.number}"' in text  # input kept
    # another address is not affected
    fine = Client(REMOTE_ADDR="10.7.0.2").get(API, {"number": case.number, "code": case.query_code})
    assert fine.status_code == 200


@override_settings(ZHENGWU_TRACK_RATE_IP="100/3600", ZHENGWU_TRACK_RATE_NUMBER="3/3600")
def test_wrong_codes_against_one_number_get_429_from_any_address(case, item, staff):
    for n in range(3):
        page = Client(REMOTE_ADDR=f"10.8.0.{n + 1}").get(
            "/zwfw/track/", {"number": case.number, "code": wrong(case.query_code, n)}
        )
        assert page.status_code == 404
    fresh = Client(REMOTE_ADDR="10.8.1.1")
    refused = fresh.get(API, {"number": case.number, "code": case.query_code})
    assert refused.status_code == 429 and "该编号" in refused.json()["message"]
    # other numbers are tracked as before
    other = file_at_window(item, staff["window"], D(2025, 9, 1), key="k3")
    assert fresh.get(API, {"number": other.number, "code": other.query_code}).status_code == 200


@override_settings(ZHENGWU_TRACK_RATE_IP="2/3600", ZHENGWU_TRACK_RATE_NUMBER="2/3600")
def test_right_codes_do_not_count_as_tries(case):
    client = Client(REMOTE_ADDR="10.9.0.1")
    for _ in range(5):
        assert client.get(API, {"number": case.number, "code": case.query_code}).status_code == 200
    for n in range(2):
        assert (
            client.get(API, {"number": case.number, "code": wrong(case.query_code, n)}).status_code
            == 404
        )
    assert client.get(API, {"number": case.number, "code": case.query_code}).status_code == 429


def test_a_wrong_code_and_an_unknown_number_get_the_same_answer(case):
    unknown = case.number[:-6] + f"{(int(case.number[-6:]) + 500) % 10**6:06d}"
    code = wrong(case.query_code)
    a = Client().get(API, {"number": case.number, "code": code})
    b = Client().get(API, {"number": unknown, "code": code})
    assert (
        (a.status_code, a.json())
        == (b.status_code, b.json())
        == (
            404,
            {"code": "not_found", "message": "办件编号或查询码不正确"},
        )
    )
    a = Client().get("/zwfw/track/", {"number": case.number, "code": code})
    b = Client().get("/zwfw/track/", {"number": unknown, "code": code})
    assert a.status_code == b.status_code == 404
    assert a.content.decode().replace(case.number, "N") == b.content.decode().replace(unknown, "N")


def test_online_applicant_tracks_with_the_code_of_the_submission(item, citizen):
    online = file_online(item, citizen, "o-track", D(2025, 9, 26))
    r = Client().get(API, {"number": online.number, "code": online.query_code})
    assert r.status_code == 200 and r.json()["number"] == online.number
