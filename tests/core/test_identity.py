import pytest

from zhengwu.core.errors import Invalid
from zhengwu.core.identity import (
    id_number_check_char,
    usci_check_char,
    validate_id_number,
    validate_usci,
)
from zhengwu.core.masking import mask_id_number, mask_name, mask_phone, mask_text


def test_gb11643_worked_example():
    # GB 11643-1999 附录B: body 34052419800101001, S = 189, 189 mod 11 = 2 → X.
    assert id_number_check_char("34052419800101001") == "X"
    assert validate_id_number("34052419800101001x") == "34052419800101001X"
    assert validate_id_number("11010519491231002X") == "11010519491231002X"
    assert validate_id_number("440524188001010014") == "440524188001010014"


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("3405241980010100", "id_number_length"),
        ("34052419800101001Y", "id_number_chars"),
        ("340524198002300019", "id_number_birth"),
        ("340524198001010011", "id_number_check"),
    ],
)
def test_bad_id_numbers_say_why(number, code):
    with pytest.raises(Invalid) as e:
        validate_id_number(number)
    assert e.value.code == code and e.value.message


def test_gb32100_worked_examples():
    # GB 32100-2015: 91350100M000100Y4? → Σ = 1640, 1640 mod 31 = 28, 31 − 28 = 3.
    assert usci_check_char("91350100M000100Y4") == "3"
    assert validate_usci("91350100M000100Y43") == "91350100M000100Y43"
    with pytest.raises(Invalid) as e:
        validate_usci("91350100M000100Y4Z")  # the standard's invalid input: Z is not even a symbol
    assert e.value.code == "usci_chars"
    with pytest.raises(Invalid) as e:
        validate_usci("91350100M000100Y44")
    assert e.value.code == "usci_check"
    assert usci_check_char("91110000600037341") == "L"  # Σ = 538, mod 31 = 11, 31 − 11 = 20 → L
    with pytest.raises(Invalid) as e:
        validate_usci("91110000600037341I")
    assert e.value.code == "usci_chars"


def test_masks_keep_length_and_hide_the_middle():
    assert mask_id_number("433101198803140228") == "433101********0228"
    assert len(mask_id_number("11010519491231002X")) == 18
    assert mask_phone("13907430001") == "139****0001"
    assert mask_name("张秀英") == "张**" and mask_name("向阳") == "向*"
    text = mask_text("我的身份证433101198803140228，电话13907430001，座机0743-8212345")
    assert "433101********0228" in text and "139****0001" in text and "8212345" not in text
