"""A fee's amount refuses nonsense with a Chinese 422 naming the field (API), or the form again
with the input kept and the message (page); amounts as people type them are kept exactly."""

import pytest

from zhengwu.cases.models import CaseFee

from .test_rules import window_case

pytestmark = pytest.mark.django_db

NONSENSE = [
    ("NaN", "金额须为有限的数字"),
    ("sNaN", "金额须为有限的数字"),
    ("Infinity", "金额须为有限的数字"),
    ("-Infinity", "金额须为有限的数字"),
    ("0.001", "金额最多保留两位小数"),
    ("99999999999999999999999", "金额超出上限（最大 99,999,999.99 元）"),
    ("100000000", "金额超出上限（最大 99,999,999.99 元）"),
    ("-5", "金额应大于0"),
    ("0", "金额应大于0"),
    ("abc", "金额格式不正确，应为数字，如 120 或 35.50"),
    ("", "请填写金额"),
    (True, "金额格式不正确，应为数字，如 120 或 35.50"),
]


@pytest.mark.parametrize("amount,message", NONSENSE)
def test_fee_api_refuses_nonsense_amounts_in_words(item, staff, as_user, amount, message):
    case = window_case(item, staff)
    r = as_user("window").post(
        f"/api/v1/cases/{case.pk}/fees",
        {"name": "工本费", "amount": amount},
        content_type="application/json",
    )
    assert r.status_code == 422
    assert r.json()["message"] == message and r.json()["field"] == "amount"
    assert not CaseFee.objects.filter(case=case).exists()


@pytest.mark.parametrize(
    "amount,stored",
    [
        ("35.5", "35.50"),
        (35.5, "35.50"),
        (12, "12.00"),
        ("１２０．５", "120.50"),
        ("99999999.99", "99999999.99"),
        ("1,200", "1200.00"),
    ],
)
def test_fee_api_accepts_amounts_as_people_type_them(item, staff, as_user, amount, stored):
    case = window_case(item, staff)
    r = as_user("window").post(
        f"/api/v1/cases/{case.pk}/fees",
        {"name": "工本费", "amount": amount},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["amount"] == stored
    assert str(CaseFee.objects.get(case=case).amount_yuan) == stored


@pytest.mark.parametrize("amount,message", NONSENSE[:9])
def test_fee_page_refuses_nonsense_and_keeps_the_input(item, staff, as_user, amount, message):
    case = window_case(item, staff)
    r = as_user("window").post(
        f"/workbench/cases/{case.pk}/fee/", {"name": "加急费", "amount": amount}
    )
    assert r.status_code == 422
    assert message in r.text
    assert f'value="{amount}" aria-invalid="true"' in r.text and 'value="加急费"' in r.text
    assert not CaseFee.objects.filter(case=case).exists()


def test_fee_name_too_long_is_a_422_not_a_server_error(item, staff, as_user):
    case = window_case(item, staff)
    r = as_user("window").post(
        f"/api/v1/cases/{case.pk}/fees",
        {"name": "费" * 101, "amount": "1"},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["field"] == "name"
