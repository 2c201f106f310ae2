"""居民身份证号 (GB 11643-1999) and 统一社会信用代码 (GB 32100-2015): validation and masking."""

import datetime as dt

from .errors import Invalid

# GB 11643: weights 2^(i-1) mod 11 for the 17 body digits, left to right.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# GB 32100: 31 symbols (no I, O, Z, S, V); weights 3^(i-1) mod 31.
USCI_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCI_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_number_check_char(body17: str) -> str:
    total = sum(int(c) * w for c, w in zip(body17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def validate_id_number(value: str, *, today: dt.date | None = None) -> str:
    """Return the normalised 18-character number or raise Invalid with the reason in Chinese."""
    number = (value or "").strip().upper()
    if len(number) != 18:
        raise Invalid("居民身份证号应为18位", code="id_number_length", field="id_number")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise Invalid(
            "居民身份证号前17位应为数字，末位为数字或X", code="id_number_chars", field="id_number"
        )
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise Invalid(
            "居民身份证号中的出生日期不存在", code="id_number_birth", field="id_number"
        ) from None
    if born < dt.date(1880, 1, 1) or born > (today or dt.date.today()):
        raise Invalid("居民身份证号中的出生日期不合理", code="id_number_birth", field="id_number")
    if id_number_check_char(number[:17]) != number[17]:
        raise Invalid("居民身份证号校验码不正确，请核对", code="id_number_check", field="id_number")
    return number


def usci_check_char(body17: str) -> str:
    total = sum(USCI_ALPHABET.index(c) * w for c, w in zip(body17, _USCI_WEIGHTS, strict=True))
    return USCI_ALPHABET[(31 - total % 31) % 31]


def validate_usci(value: str) -> str:
    """Return the normalised 统一社会信用代码 or raise Invalid."""
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise Invalid("统一社会信用代码应为18位", code="usci_length", field="usci")
    if any(c not in USCI_ALPHABET for c in code):
        raise Invalid(
            "统一社会信用代码含有不允许的字符（不使用I、O、Z、S、V）",
            code="usci_chars",
            field="usci",
        )
    if not code[2:8].isdigit():
        raise Invalid("统一社会信用代码第3至8位应为行政区划码", code="usci_region", field="usci")
    if usci_check_char(code[:17]) != code[17]:
        raise Invalid("统一社会信用代码校验码不正确，请核对", code="usci_check", field="usci")
    return code
