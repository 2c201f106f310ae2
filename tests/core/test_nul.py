"""A NUL character in any input is refused with a clear 400, on pages and in the API alike
(schemathesis found it reaching PostgreSQL, which refuses NUL in text, as a 500)."""

import json

import pytest
from django.test import Client


@pytest.mark.django_db
def test_nul_in_a_query_string_is_refused_in_the_api():
    r = Client().get(
        "/api/v1/interaction/statistics", {"month": "2025-01\x00", "jurisdiction": "433100"}
    )
    assert r.status_code == 400
    assert r.json()["code"] == "nul_character" and "空字符" in r.json()["message"]


@pytest.mark.django_db
def test_nul_in_a_json_body_is_refused():
    body = json.dumps(
        {"name": "张\u0000三", "password": "x", "phone": "13907430009", "id_number": ""}
    )
    r = Client().post("/api/v1/accounts/register", body, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "nul_character"


@pytest.mark.django_db
def test_nul_in_a_form_is_refused_on_a_page():
    r = Client().post("/accounts/register/", {"name": "张\x00三", "phone": "13907430009"})
    assert r.status_code == 400 and "空字符" in r.content.decode()
    assert Client().get("/tools/deadline/", {"start": "2025-09-26\x00"}).status_code == 400


@pytest.mark.django_db
def test_ordinary_input_passes():
    r = Client().get("/api/v1/calendar/deadline", {"start": "2025-09-26", "workdays": "20"})
    assert r.status_code == 200 and r.json()["due_date"] == "2025-10-30"
