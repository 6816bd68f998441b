"""Helpers for page tests: read errors beside fields and values out of rendered pages."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import Any

from django.utils import timezone


def text_of(html: str) -> str:
    """The visible words of a page fragment, tags removed and whitespace squeezed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def error_beside(html: str, field_id: str) -> str:
    """The GOV.UK error message rendered beside a field (its `<id>-error` element)."""
    match = re.search(
        rf'<p id="{re.escape(field_id)}-error" class="govuk-error-message">(.*?)</p>', html, re.S
    )
    return text_of(match.group(1)).removeprefix("Error:").strip() if match else ""


def value_of(html: str, name: str) -> str | None:
    """The value an input named `name` shows (None when there is no such input)."""
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    if tag is None:
        return None
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return unescape(value.group(1)) if value else ""


def checked(html: str, name: str, value: str) -> bool:
    tag = re.search(
        rf'<input[^>]*\bname="{re.escape(name)}"[^>]*\bvalue="{re.escape(value)}"[^>]*>', html
    )
    return tag is not None and "checked" in tag.group(0)


def selected(html: str, name: str) -> str | None:
    select = re.search(rf'<select[^>]*\bname="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S)
    if select is None:
        return None
    option = re.search(r'<option value="([^"]*)"\s+selected', select.group(1))
    return unescape(option.group(1)) if option else None


def date_fields(prefix: str, value: dt.date | None) -> dict[str, str]:
    if value is None:
        return {f"{prefix}_day": "", f"{prefix}_month": "", f"{prefix}_year": ""}
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


def years_ago(years: int) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=min(today.day, 28))


def person_fields(index: int, **values: Any) -> dict[str, str]:
    """One household member on the people page, with sensible defaults."""
    dob = values.pop("date_of_birth", years_ago(9))
    due = values.pop("expected_date_of_birth", None)
    ticks = {
        k: values.pop(k, False) for k in ("send", "enquiry_is_about", "date_of_birth_estimated")
    }
    fields: dict[str, Any] = {
        "family_name": "Okafor",
        "given_names": "Ada",
        "preferred_name": "",
        "relationship": "child",
        "sex": "F",
        "gender": "female",
        "ethnicity": "BAFR",
        "nhs_number": "",
        "upn": "",
        "ni_number": "",
    } | values
    data = {f"person-{index}-{k}": str(v) for k, v in fields.items()}
    data.update({f"person-{index}-{k}": "true" for k, ticked in ticks.items() if ticked})
    data.update(date_fields(f"person-{index}-date_of_birth", dob))
    data.update(date_fields(f"person-{index}-expected_date_of_birth", due))
    return data


def people_data(*people: dict[str, Any], action: str = "continue") -> dict[str, str]:
    data: dict[str, str] = {
        "person-TOTAL_FORMS": str(len(people)),
        "person-INITIAL_FORMS": "0",
        "person-MIN_NUM_FORMS": "1",
        "person-MAX_NUM_FORMS": "1000",
        "action": action,
    }
    for index, values in enumerate(people):
        data.update(person_fields(index, **values))
    return data


def nhs_number(seed: int) -> str:
    """A valid NHS number (right check digit), different for each seed."""
    from cases.identifiers import nhs_check_digit

    base = 400_000_000 + seed * 7
    while True:
        first_nine = f"{base:09d}"
        check = nhs_check_digit(first_nine)
        if check is not None:
            return first_nine + str(check)
        base += 1


def upn(seed: int) -> str:
    """A valid unique pupil number (right check letter)."""
    from cases.identifiers import upn_check_letter

    last_twelve = f"{seed:012d}"
    return upn_check_letter(last_twelve) + last_twelve
