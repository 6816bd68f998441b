"""Person identifiers: NHS number, school UPN, National Insurance number.

Each validator normalises the value (spaces and case) and raises ValidationError
with a GOV.UK-style message when the value cannot be right.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # the DfE check-letter alphabet (23 letters)
_NI_PREFIX_INVALID = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def validate_nhs_number(value: str) -> str:
    """Ten digits whose last is the modulus 11 check digit of the first nine."""
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError("Enter an NHS number that is 10 digits, like 485 777 3456")
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[9]):
        raise ValidationError("Enter a real NHS number: the check digit does not match")
    return digits


def nhs_check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when no valid number can end them."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return 0 if check == 11 else (None if check == 10 else check)


def normalise_upn(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()


def upn_check_letter(last_twelve: str) -> str:
    """The DfE check letter: sum of character values x weights (2..13), modulo 23."""
    total = 0
    for position, char in enumerate(last_twelve, start=2):
        number = int(char) if char.isdigit() else _UPN_LETTERS.index(char)
        total += number * position
    return _UPN_LETTERS[total % 23]


def validate_upn(value: str) -> str:
    """A 13-character Unique Pupil Number: check letter, 3-digit LA, 4-digit school, ..."""
    upn = normalise_upn(value)
    if not re.fullmatch(rf"[{_UPN_LETTERS}]\d{{11}}[\dA-Z]", upn):
        raise ValidationError(
            "Enter a UPN that is 13 characters: a letter then 12 numbers, like A123456789012"
        )
    if upn_check_letter(upn[1:]) != upn[0]:
        raise ValidationError("Enter a real UPN: the check letter does not match")
    return upn


def normalise_ni_number(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()


def validate_ni_number(value: str) -> str:
    ni = normalise_ni_number(value)
    if (
        not re.fullmatch(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]", ni)
        or ni[:2] in _NI_PREFIX_INVALID
    ):
        raise ValidationError(
            "Enter a National Insurance number in the correct format, like QQ 12 34 56 C"
        )
    return ni


def normalise_postcode(value: str) -> str:
    """Upper case with one space before the inward code: ' ls11aa ' -> 'LS1 1AA'."""
    compact = re.sub(r"\s", "", value or "").upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def validate_postcode(value: str) -> str:
    postcode = normalise_postcode(value)
    if not re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}", postcode):
        raise ValidationError("Enter a real postcode, like NB1 4AB")
    return postcode
