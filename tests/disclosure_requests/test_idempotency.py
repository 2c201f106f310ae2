"""A retried disclosure request (online, or registered by staff) makes one request and gets the
first response again, the query code included (API and forms)."""

import json
import re

from django.test import Client

from tests.conftest import post_twice
from zhengwu.disclosure.requests import rules
from zhengwu.disclosure.requests.models import Request

from .conftest import applicant

API = "/api/v1/disclosure/requests"
KEY_RE = r'name="idempotency_key" value="([0-9a-f]{32})"'


def test_online_request_retried_makes_one_request_api_and_form(gov):
    body = json.dumps({"agency_usci": gov.usci} | applicant(subject="重复提交的申请"))
    first = post_twice(Client(), f"{API}/submit", body, "req-1", content_type="application/json")
    assert first.status_code == 201 and first.json()["query_code"]
    client = Client()
    key = re.search(KEY_RE, client.get("/xxgk/apply/").content.decode()).group(1)
    form = {"agency": gov.usci, "idempotency_key": key} | applicant(subject="表单重复提交")
    page = post_twice(client, "/xxgk/apply/", form, key)
    assert page.status_code == 201
    req = Request.objects.get(subject="表单重复提交")
    assert req.number in page.content.decode()
    assert Request.objects.filter(subject="重复提交的申请").count() == 1


def test_registration_retried_makes_one_request_api_and_form(as_user, gov):
    staff = as_user("disclosure")
    data = {
        "agency_usci": gov.usci,
        "channel": "mail",
        "arrived_on": "2026-11-02",
        "confirmed_on": "2026-11-02",
    } | applicant(n=61, subject="信函申请重试")
    post_twice(staff, f"{API}/register", json.dumps(data), "reg-1", content_type="application/json")
    key = re.search(KEY_RE, staff.get("/workbench/requests/new/").content.decode()).group(1)
    form = {
        "agency": gov.usci,
        "channel": rules.FAX,
        "arrived_on": "2026-11-02",
        "confirmed_on": "2026-11-03",
        "idempotency_key": key,
    }
    form |= applicant(n=62, subject="传真申请重试")
    assert post_twice(staff, "/workbench/requests/new/", form, key).status_code == 302
    assert Request.objects.filter(subject="信函申请重试").count() == 1
    assert Request.objects.filter(subject="传真申请重试").count() == 1
