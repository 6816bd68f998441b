"""An error summary over several rows (the people of a household, the actions of a plan)
says whose or which row each error is about: "Jamie Smith: date of birth must be today
or in the past", not the bare message twice over."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.utils import timezone

from cases.forms.enquiry import PERSON_PREFIX, PersonFormSet

pytestmark = pytest.mark.django_db


def _summary_items(html: str) -> list[str]:
    summary = html.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    return [
        re.sub(r"<[^>]+>", "", item).strip()
        for item in re.findall(r"<li>(.*?)</li>", summary, re.S)
    ]


def _person(n: int, given: str, family: str, born: dt.date) -> dict[str, str]:
    p = f"{PERSON_PREFIX}-{n}"
    return {
        f"{p}-given_names": given,
        f"{p}-family_name": family,
        f"{p}-relationship": "child",
        f"{p}-date_of_birth_day": str(born.day),
        f"{p}-date_of_birth_month": str(born.month),
        f"{p}-date_of_birth_year": str(born.year),
        f"{p}-sex": "U",
        f"{p}-gender": "not_stated",
        f"{p}-ethnicity": "NOBT",
    }


def test_each_error_in_the_summary_names_the_person_it_is_about():
    later = timezone.localdate() + dt.timedelta(days=40)
    data = {
        f"{PERSON_PREFIX}-TOTAL_FORMS": "3",
        f"{PERSON_PREFIX}-INITIAL_FORMS": "0",
        **_person(0, "Alex", "Smith", dt.date(1990, 4, 1)),
        **_person(1, "Jamie", "Smith", later),
        **_person(2, "", "Smith", dt.date(2019, 4, 1)),
    }
    formset = PersonFormSet(data, prefix=PERSON_PREFIX)
    assert not formset.is_valid()

    html = Template("{% load govuk %}{% govuk_error_summary forms.0 forms.1 forms.2 %}").render(
        Context({"forms": formset.forms})
    )

    items = _summary_items(html)
    assert items and all(i.startswith(("Jamie Smith: ", "Person 3 (Smith): ")) for i in items)
    assert any(i.startswith("Jamie Smith: date of birth") for i in items)
    assert "Person 3 (Smith): enter the given names" in items
    assert 'href="#id_person-1-date_of_birth_day"' in html


def test_a_message_that_starts_with_an_abbreviation_keeps_its_capitals():
    from earlyhelp.templatetags.govuk import _named

    assert _named("Jamie Smith", "NHS number must be 10 digits") == (
        "Jamie Smith: NHS number must be 10 digits"
    )
    assert _named("", "Enter the given names") == "Enter the given names"


def test_a_message_that_already_names_the_row_is_not_named_twice():
    from earlyhelp.templatetags.govuk import _named

    message = "Someone else changed the details of Kofi Mensah while you were editing them."
    assert _named("Kofi Mensah", message) == message
