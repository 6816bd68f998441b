import pytest
from django.core.exceptions import ValidationError

from cases.identifiers import (
    nhs_check_digit,
    normalise_postcode,
    upn_check_letter,
    validate_nhs_number,
    validate_ni_number,
    validate_postcode,
    validate_upn,
)


@pytest.mark.parametrize("value", ["943 476 5919", "9434765919", "943-476-5919", "4010232137"])
def test_nhs_numbers_with_a_correct_check_digit_are_accepted_and_normalised(value):
    assert validate_nhs_number(value) == value.replace(" ", "").replace("-", "")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9434765918", "check digit"),
        ("943476591", "10 digits"),
        ("94347659199", "10 digits"),
        ("ABCDEFGHIJ", "10 digits"),
    ],
)
def test_nhs_numbers_that_cannot_be_right_are_refused(value, message):
    with pytest.raises(ValidationError, match=message):
        validate_nhs_number(value)


def test_nine_digits_whose_check_would_be_ten_make_no_valid_nhs_number():
    # 10 - weights give a remainder of 1 -> check digit 10, which is never issued
    first_nine = next(
        f"{n:09d}" for n in range(100000000, 100001000) if nhs_check_digit(f"{n:09d}") is None
    )
    for last in "0123456789":
        with pytest.raises(ValidationError):
            validate_nhs_number(first_nine + last)


def test_upn_check_letter_is_computed_from_the_last_twelve_characters():
    body = "820200100001"
    letter = upn_check_letter(body)
    assert validate_upn(f"{letter}{body}") == f"{letter}{body}"
    wrong = "A" if letter != "A" else "B"
    with pytest.raises(ValidationError, match="check letter"):
        validate_upn(f"{wrong}{body}")


def test_upns_of_the_wrong_shape_are_refused():
    with pytest.raises(ValidationError, match="13 characters"):
        validate_upn("12345")


@pytest.mark.parametrize("value", ["JG 10 37 59 A", "ab123456d"])
def test_national_insurance_numbers_in_the_right_format_are_accepted(value):
    assert validate_ni_number(value) == value.replace(" ", "").upper()


@pytest.mark.parametrize("value", ["QQ123456E", "GB123456A", "D1234567A", "QQ12345C"])
def test_malformed_national_insurance_numbers_are_refused(value):
    with pytest.raises(ValidationError):
        validate_ni_number(value)


def test_postcodes_are_normalised_with_one_space():
    assert normalise_postcode(" nb14ab ") == "NB1 4AB"
    assert validate_postcode("sw1a1aa") == "SW1A 1AA"
    with pytest.raises(ValidationError):
        validate_postcode("not a postcode")
