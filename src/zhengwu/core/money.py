"""Amounts as people and clients type them: one parser for every amount of money (and the other
decimal figures people enter, such as scores), its limits read from the model column it is
stored in, so the check and the column cannot drift apart.

A refusal is an `Invalid` (422 from the API, the form again with the message on a page) in
words that fit it: not a number, not finite (NaN, sNaN, Infinity), below or at zero, beyond
the column, more decimals than the column keeps.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from django.db import models
from pydantic import WithJsonSchema

from .errors import Invalid

PLACES = {1: "一位", 2: "两位", 3: "三位", 4: "四位"}

# What the OpenAPI schema says of an amount field: a string (a JSON number is accepted too),
# format "amount", which the schemathesis run fills with nonsense (tests/test_api_fuzz.py).
OPENAPI = {
    "type": "string",
    "format": "amount",
    "description": "金额（元）：有限的十进制数，最多两位小数，如 120 或 35.50",
    "examples": ["120", "35.50"],
}
# The type of an amount field in an API schema: taken as sent (text, a number, anything) and
# checked by `parse_amount` in the service, so every refusal is in the same words.
Amount = Annotated[Any, WithJsonSchema(OPENAPI)]


def largest(column: models.DecimalField) -> Decimal:
    """The largest value `column` holds (max_digits 10, decimal_places 2 → 99999999.99)."""
    places = column.decimal_places
    return Decimal(10) ** (column.max_digits - places) - Decimal(1).scaleb(-places)


def _text(value) -> str:
    if isinstance(value, bool):  # True is an int to Python, not an amount to anyone
        return "?"
    if isinstance(value, float | int | Decimal):
        return str(value)
    # Full-width digits and points from a Chinese input method (１２０．５) are plain ones.
    return unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")


def parse_amount(
    value,
    *,
    column: models.DecimalField,
    field: str,
    label: str = "金额",
    unit: str = "元",
    allow_zero: bool = False,
    maximum: Decimal | None = None,
) -> Decimal:
    """`value` (text, a number) as a Decimal with the column's decimal places, or `Invalid`
    naming `field`. Zero is refused unless `allow_zero` (a fee must be positive, 行政许可法
    §58); `maximum` lowers the column's limit where the rules set one (a score of 100)."""
    text = "" if value is None else _text(value)
    if not text:
        raise Invalid(f"请填写{label}", code="amount_required", field=field)
    try:
        amount = Decimal(text)
    except (InvalidOperation, ValueError):
        example = "，如 120 或 35.50" if unit == "元" else ""
        raise Invalid(
            f"{label}格式不正确，应为数字{example}", code="amount_not_number", field=field
        ) from None
    if not amount.is_finite():
        raise Invalid(f"{label}须为有限的数字", code="amount_not_finite", field=field)
    if amount < 0 or (amount == 0 and not allow_zero):
        message = f"{label}不能为负数" if allow_zero else f"{label}应大于0"
        raise Invalid(message, code="amount_not_positive", field=field)
    top = largest(column) if maximum is None else min(maximum, largest(column))
    if amount > top:
        shown = f"{top:,}" if unit == "元" else f"{top}"
        raise Invalid(
            f"{label}超出上限（最大 {shown} {unit}）", code="amount_too_large", field=field
        )
    step = Decimal(1).scaleb(-column.decimal_places)
    exact = amount.quantize(step)  # safe: |amount| is within the column, far below 28 digits
    if exact != amount:
        places = column.decimal_places
        message = (
            f"{label}最多保留{PLACES.get(places, places)}小数" if places else f"{label}应为整数"
        )
        raise Invalid(message, code="amount_too_precise", field=field)
    return exact
