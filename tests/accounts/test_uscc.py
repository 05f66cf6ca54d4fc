import pytest
from django.core.exceptions import ValidationError

from accounts.validators import normalize_uscc, validate_uscc

# Published codes of real companies; their 18th character is the GB 32100-2015 check character.
REAL_VALID = ["91350100M000100Y43", "91110108551385082Q", "91440300708461136T"]


@pytest.mark.parametrize("code", REAL_VALID)
def test_real_codes_pass(code):
    validate_uscc(code)


def test_lowercase_and_spaces_are_normalised():
    assert normalize_uscc(" 91110108551385082q ") == "91110108551385082Q"
    validate_uscc(" 91110108551385082q ")


@pytest.mark.parametrize(
    "code, code_name",
    [
        ("91350100M000100Y44", "uscc_checksum"),  # wrong check character
        ("91110108551385082", "uscc_length"),  # 17 characters
        ("91110108551385082QQ", "uscc_length"),
        ("9111010855138508IQ", "uscc_format"),  # I is not allowed
        ("91AB0108551385082Q", "uscc_format"),  # region code must be digits
    ],
)
def test_invalid_codes_are_refused_with_a_reason(code, code_name):
    with pytest.raises(ValidationError) as exc:
        validate_uscc(code)
    assert exc.value.code == code_name
    assert "统一社会信用代码" in exc.value.messages[0]
