"""Annex A as inspectors' tools read it: every mandatory cell of Lists 1 and 2 is
filled with a value of the column's form, or the row is left out and the data quality
page says why.

The column rules are the published guidance's (DATA-RETURNS.md): coded columns carry
one of the lettered codes; dates are real dates; the age is whole years at the
inspection date (-1 for an unborn child); only "Assessment completion date" may be
blank, while the assessment is not completed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from cases.access import visible_cases
from cases.codes import CONTACT_SOURCE_ANNEX_A, ETHNICITY_ANNEX_A, GENDER_ANNEX_A
from cases.models import Case
from cases.workflow_states import State
from reporting.returns.annex_a import NO_ASSESSMENT, NO_DATE_OF_BIRTH, annex_a
from tests.cases.factories import FamilyFactory, HouseholdMemberFactory, PersonFactory
from tests.reporting.returns_data import INSPECTION, build_borough
from tests.reporting.scorecard_data import journey

pytestmark = pytest.mark.django_db

OPTIONAL = {"Assessment completion date"}


def _age_on(born: dt.date, on: dt.date) -> int:
    if born > on:
        return -1
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def column_problems(columns: tuple[str, ...], row: list[Any]) -> list[str]:
    """Every way a row breaks the guidance's column rules."""
    cell = dict(zip(columns, row, strict=True))
    problems = [
        f"{name} is blank"
        for name, value in cell.items()
        if value in ("", None) and name not in OPTIONAL
    ]
    if cell["Gender"] not in GENDER_ANNEX_A.values():
        problems.append(f"Gender {cell['Gender']!r} is not a code")
    if cell["Ethnicity"] not in ETHNICITY_ANNEX_A.values():
        problems.append(f"Ethnicity {cell['Ethnicity']!r} is not a code")
    born = cell["Date of Birth"]
    if not isinstance(born, dt.date):
        problems.append("Date of Birth is not a date")
    elif cell["Age of Child (Years)"] != _age_on(born, INSPECTION):
        problems.append("Age does not follow from the date of birth")
    if "Contact Source" in cell:
        if cell["Contact Source"] not in CONTACT_SOURCE_ANNEX_A.values():
            problems.append(f"Contact Source {cell['Contact Source']!r} is not a code")
        if not isinstance(cell["Date of Contact"], dt.date):
            problems.append("Date of Contact is not a date")
    if "Assessment start date" in cell:
        started, completed = cell["Assessment start date"], cell["Assessment completion date"]
        if not isinstance(started, dt.date):
            problems.append("Assessment start date is not a date")
        elif completed is not None and not (
            isinstance(completed, dt.date) and completed >= started
        ):
            problems.append("Assessment completion date is before the start")
    return problems


@pytest.fixture
def borough_with_gaps():  # type: ignore[no-untyped-def]
    """The returns borough, plus an intervention allocated with no assessment started,
    and a contact about a child with no date of birth at all."""
    b = build_borough()
    waiting = FamilyFactory(surname="Patel", family_hub=b.mensah.family_hub)
    ravi = PersonFactory(given_names="Ravi", family_name="Patel", date_of_birth=dt.date(2015, 5, 5))
    HouseholdMemberFactory(family=waiting, person=ravi, joined_on=dt.date(2015, 5, 5))
    journey(
        received=dt.date(2026, 5, 1),
        steps={"allocate": dt.date(2026, 5, 12)},
        family=waiting,
        state=State.ALLOCATED,
        lead_agency=b.council,
        lead_practitioner=b.worker,
    )
    nameless = FamilyFactory(surname="Quinn", family_hub=b.mensah.family_hub)
    sam = PersonFactory(given_names="Sam", family_name="Quinn", date_of_birth=None)
    HouseholdMemberFactory(family=nameless, person=sam, joined_on=dt.date(2020, 1, 1))
    contact = journey(received=dt.date(2026, 4, 2), family=nameless, state=State.ENQUIRY_RECEIVED)
    contact.enquiry.children.set([sam])
    return b, ravi, sam


def test_every_row_of_both_lists_keeps_the_column_rules(borough_with_gaps):
    lists = annex_a(cases=Case.objects.all(), inspection_date=INSPECTION)
    found = {
        table.name: [
            (row[0], problems)
            for row in table.rows
            if (problems := column_problems(tuple(table.columns), row))
        ]
        for table in lists.tables
    }
    assert found == {table.name: [] for table in lists.tables}
    assert lists.contacts.rows and lists.early_help.rows


def test_rows_that_would_have_a_blank_mandatory_cell_are_left_out_with_the_reason(
    borough_with_gaps,
):
    _, ravi, sam = borough_with_gaps
    lists = annex_a(cases=Case.objects.all(), inspection_date=INSPECTION)
    left_out = {(row.list_name, row.person.pk, row.reason) for row in lists.left_out}
    assert ("List 2 - Early Help", ravi.pk, NO_ASSESSMENT) in left_out
    assert ("List 1 - Contacts", sam.pk, NO_DATE_OF_BIRTH) in left_out
    listed = {row[0] for table in lists.tables for row in table.rows}
    assert str(ravi.pk) not in {row[0] for row in lists.early_help.rows}
    assert str(sam.pk) not in listed


def test_the_data_quality_page_shows_each_row_left_out_and_why(borough_with_gaps, signed_in_client):
    b, ravi, sam = borough_with_gaps
    page = (
        signed_in_client(b.coordinator)
        .get(
            reverse("data-quality"),
            {
                "inspection_date_day": "15",
                "inspection_date_month": "6",
                "inspection_date_year": "2026",
            },
        )
        .content.decode()
    )
    assert "Rows left out of the Annex A lists (2)" in page
    assert ravi.full_name in page and "no assessment started by the inspection date" in page
    assert sam.full_name in page and "No date of birth or expected date of birth" in page


def test_a_coordinators_lists_keep_the_rules_too(borough_with_gaps):
    b, _, _ = borough_with_gaps
    lists = annex_a(cases=visible_cases(b.coordinator), inspection_date=INSPECTION)
    for table in lists.tables:
        for row in table.rows:
            assert column_problems(tuple(table.columns), row) == []
