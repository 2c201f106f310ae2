"""A retried case application or fee makes one record and gets the first response again (API
and forms)."""

import re

import pytest

from tests.conftest import post_twice
from zhengwu.cases.models import Case, CaseFee
from zhengwu.core.models import AuditEvent

from .conftest import pdf, person
from .test_rules import window_case

pytestmark = pytest.mark.django_db


def files(item):
    return {f"material_{m.pk}": pdf() for m in item.materials.filter(required=True)}


def test_api_application_retried_makes_one_case(item, citizen, as_user):
    client = as_user(citizen.username)
    first = post_twice(
        client,
        "/api/v1/cases/",
        lambda: {"item": item.pk, "applicant_phone": "13907430001", **files(item)},
        "app-1",
    )
    assert first.status_code == 201
    case = Case.objects.get(filed_by=citizen)
    assert first.json()["number"] == case.number and case.idempotency_key == "app-1"
    assert case.materials.count() == 2  # the retry stored no second set of materials
    assert AuditEvent.objects.filter(action="cases.submit", object_id=str(case.pk)).count() == 1


def test_online_form_sent_twice_makes_one_case(item, citizen, as_user):
    client = as_user(citizen.username)
    page = client.get(f"/zwfw/apply/{item.pk}/")
    key = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', page.text).group(1)
    first = post_twice(
        client,
        f"/zwfw/apply/{item.pk}/",
        lambda: {"idempotency_key": key, "applicant_phone": "13907430001", **files(item)},
        key,
    )
    case = Case.objects.get(filed_by=citizen)
    assert first.status_code == 302 and first["Location"] == f"/zwfw/my/{case.pk}/"
    # each render of the form has a key of its own
    assert key not in client.get(f"/zwfw/apply/{item.pk}/").text


def test_window_form_sent_twice_makes_one_case(item, as_user):
    window = as_user("window")
    page = window.get(f"/workbench/cases/window/?item={item.pk}")
    key = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', page.text).group(1)
    post_twice(
        window,
        "/workbench/cases/window/",
        lambda: {
            "item": item.pk,
            "idempotency_key": key,
            "channel": "window",
            **person(),
            **files(item),
        },
        key,
    )
    assert Case.objects.filter(idempotency_key=key).count() == 1


def test_fee_retried_is_charged_once_api_and_page(item, staff, as_user):
    case = window_case(item, staff)
    window = as_user("window")
    first = post_twice(
        window,
        f"/api/v1/cases/{case.pk}/fees",
        {"name": "工本费", "amount": "10"},
        "fee-1",
        content_type="application/json",
    )
    assert first.json()["amount"] == "10.00"
    page = window.get(f"/workbench/cases/{case.pk}/")
    keys = re.findall(r'name="idempotency_key" value="([0-9a-f]{32})"', page.text)
    assert len(keys) == len(set(keys)) >= 1  # every action form has a key of its own
    form = {"name": "工本费", "amount": "10", "idempotency_key": keys[-1]}
    r = post_twice(window, f"/workbench/cases/{case.pk}/fee/", form, keys[-1])
    assert r.status_code == 302
    assert CaseFee.objects.filter(case=case).count() == 2  # one from the API, one from the page
