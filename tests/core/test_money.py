"""core.money.parse_amount: every amount in the platform is finite, has at most the column's
decimals, fits the column, and each refusal says which in Chinese; the limits come from the
column. The endpoints that take amounts are tested in their areas and in tests/test_api_fuzz.py."""

from decimal import Decimal

import pytest

from zhengwu.assessment.models import Evaluation
from zhengwu.cases.models import CaseFee
from zhengwu.core.errors import Invalid
from zhengwu.core.money import largest, parse_amount

FEE = CaseFee._meta.get_field("amount_yuan")  # max_digits 10, decimal_places 2
SCORE = Evaluation._meta.get_field("score")  # max_digits 5, decimal_places 1


def refusal(value, **kw) -> Invalid:
    with pytest.raises(Invalid) as e:
        parse_amount(value, column=kw.pop("column", FEE), field="amount", **kw)
    assert e.value.field == "amount" and e.value.status == 422
    return e.value


@pytest.mark.parametrize(
    "value,code,message",
    [
        ("NaN", "amount_not_finite", "金额须为有限的数字"),
        ("sNaN", "amount_not_finite", "金额须为有限的数字"),
        ("-nan", "amount_not_finite", "金额须为有限的数字"),
        ("Infinity", "amount_not_finite", "金额须为有限的数字"),
        ("-inf", "amount_not_finite", "金额须为有限的数字"),
        (float("nan"), "amount_not_finite", "金额须为有限的数字"),
        (float("inf"), "amount_not_finite", "金额须为有限的数字"),
        ("0.001", "amount_too_precise", "金额最多保留两位小数"),
        ("1e-999999999", "amount_too_precise", "金额最多保留两位小数"),
        ("99999999999999999999999", "amount_too_large", "金额超出上限（最大 99,999,999.99 元）"),
        ("1e999999999", "amount_too_large", "金额超出上限（最大 99,999,999.99 元）"),
        ("-1", "amount_not_positive", "金额应大于0"),
        ("0", "amount_not_positive", "金额应大于0"),
        ("-0.00", "amount_not_positive", "金额应大于0"),
        ("12元", "amount_not_number", "金额格式不正确，应为数字，如 120 或 35.50"),
        ([1], "amount_not_number", "金额格式不正确，应为数字，如 120 或 35.50"),
        (False, "amount_not_number", "金额格式不正确，应为数字，如 120 或 35.50"),
        ("  ", "amount_required", "请填写金额"),
        (None, "amount_required", "请填写金额"),
    ],
)
def test_nonsense_is_refused_in_words_that_fit(value, code, message):
    e = refusal(value)
    assert (e.code, e.message) == (code, message)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("35.5", "35.50"),
        (" 120 ", "120.00"),
        ("１２０．５０", "120.50"),  # full-width, from a Chinese input method
        ("1,200.5", "1200.50"),
        (10, "10.00"),
        (0.1, "0.10"),
        (Decimal("99999999.99"), "99999999.99"),
        ("1.000", "1.00"),  # trailing zeros are not more precision
    ],
)
def test_amounts_as_people_type_them_are_kept_exactly(value, expected):
    assert str(parse_amount(value, column=FEE, field="amount")) == expected


def test_the_limits_are_the_columns():
    assert largest(FEE) == Decimal("99999999.99")
    assert largest(SCORE) == Decimal("9999.9")
    e = refusal("85.55", column=SCORE, label="评分", unit="分", allow_zero=True)
    assert e.message == "评分最多保留一位小数"
    e = refusal("100.1", column=SCORE, label="评分", unit="分", maximum=Decimal(100))
    assert e.message == "评分超出上限（最大 100 分）"
    e = refusal("-1", column=SCORE, label="评分", unit="分", allow_zero=True)
    assert e.message == "评分不能为负数"
    assert parse_amount("0", column=SCORE, field="s", allow_zero=True) == Decimal("0.0")
