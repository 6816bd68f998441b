"""Ofsted Annex A: the lists compared cell by cell with what was worked out by hand."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook

from cases.access import visible_cases
from cases.models import Case
from reporting.returns.annex_a import LIST_1_COLUMNS, LIST_2_COLUMNS, annex_a
from reporting.returns.exports import annex_a_file
from tests.reporting.returns_data import INSPECTION, build_borough

pytestmark = pytest.mark.django_db

SCHOOLS = "e) 2A: Schools"
UNKNOWN_SOURCE = "u) 10: Unknown"
ORGANISATION = "Northborough Early Help"


@pytest.fixture
def borough():  # type: ignore[no-untyped-def]
    return build_borough()


def expected_list_1(b) -> list[list[object]]:  # type: ignore[no-untyped-def]
    """Worked out by hand from the borough's story (see returns_data)."""
    contact = dt.date(2026, 1, 10)
    return [
        [str(b.ama.pk), "b) Female", "o) BAFR", dt.date(2016, 6, 15), 10, contact, SCHOOLS],
        [str(b.kofi.pk), "a) Male", "g) MWBA", dt.date(2016, 6, 16), 9, contact, SCHOOLS],
        [
            str(b.baby.pk),
            "c) Not stated/recorded",
            "s) NOBT",
            dt.date(2026, 8, 1),
            -1,
            contact,
            SCHOOLS,
        ],
        [
            str(b.mia.pk),
            "c) Not stated/recorded",
            "s) NOBT",
            dt.date(2019, 1, 1),
            7,
            dt.date(2026, 3, 3),
            UNKNOWN_SOURCE,  # no source recorded: the census code for it, never blank
        ],
        [
            str(b.yaw.pk),
            "a) Male",
            "p) BOTH",
            dt.date(2014, 11, 30),
            11,
            INSPECTION,
            "a) 1A: Individual",
        ],
    ]


def expected_list_2(b) -> list[list[object]]:  # type: ignore[no-untyped-def]
    started = dt.date(2026, 2, 1)
    return [
        [
            str(b.ama.pk),
            "b) Female",
            "o) BAFR",
            dt.date(2016, 6, 15),
            10,
            started,
            None,
            ORGANISATION,
        ],
        [
            str(b.kofi.pk),
            "a) Male",
            "g) MWBA",
            dt.date(2016, 6, 16),
            9,
            started,
            None,
            ORGANISATION,
        ],
        [
            str(b.lily.pk),
            "b) Female",
            "a) WBRI",
            dt.date(2012, 3, 3),
            14,
            dt.date(2025, 9, 10),
            dt.date(2025, 10, 1),
            ORGANISATION,
        ],
    ]


def test_list_1_has_a_row_per_child_per_contact_in_the_six_months(borough):
    lists = annex_a(cases=visible_cases(borough.coordinator), inspection_date=INSPECTION)
    assert lists.window.start == dt.date(2025, 12, 15)
    assert tuple(lists.contacts.columns) == LIST_1_COLUMNS
    assert lists.contacts.rows == expected_list_1(borough)


def test_list_2_has_assessments_in_the_window_and_open_interventions_however_old(borough):
    lists = annex_a(cases=visible_cases(borough.coordinator), inspection_date=INSPECTION)
    assert tuple(lists.early_help.columns) == LIST_2_COLUMNS
    # The Mensahs' assessment (started, not completed) for the two children assessed;
    # the Clarkes' intervention from 2025, still open, with its signed-off assessment;
    # not the Dunns (closed before the window), not contacts that were never allocated.
    assert lists.early_help.rows == expected_list_2(borough)


def test_the_workbook_has_one_sheet_per_list_with_exact_headers_and_uk_dates(borough):
    produced = annex_a_file(
        cases=visible_cases(borough.coordinator), inspection_date=INSPECTION, file_format="xlsx"
    )
    book = load_workbook(io.BytesIO(produced.content))
    assert book.sheetnames == ["List 1 - Contacts", "List 2 - Early Help"]
    contacts, early_help = book["List 1 - Contacts"], book["List 2 - Early Help"]
    rows = list(contacts.iter_rows(values_only=True))
    assert rows[0] == LIST_1_COLUMNS
    as_dates = [
        [v.date() if isinstance(v, dt.datetime) else ("" if v is None else v) for v in row]
        for row in rows[1:]
    ]
    assert as_dates == expected_list_1(borough)
    assert contacts["D2"].number_format == "dd/mm/yyyy"
    assert contacts["F2"].number_format == "dd/mm/yyyy"
    second = list(early_help.iter_rows(values_only=True))
    assert second[0] == LIST_2_COLUMNS
    assert second[1][6] is None  # an assessment started but not completed
    assert second[3][5].date() == dt.date(2025, 9, 10)
    assert produced.file_name == "annex-a-2026-06-15.xlsx"


def test_the_csv_files_write_dates_as_dd_mm_yyyy(borough):
    produced = annex_a_file(
        cases=visible_cases(borough.coordinator), inspection_date=INSPECTION, file_format="csv"
    )
    archive = zipfile.ZipFile(io.BytesIO(produced.content))
    assert archive.namelist() == [
        "annex-a-2026-06-15-list-1-contacts.csv",
        "annex-a-2026-06-15-list-2-early-help.csv",
    ]
    text = archive.read("annex-a-2026-06-15-list-1-contacts.csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(LIST_1_COLUMNS)
    assert rows[1] == [
        str(borough.ama.pk),
        "b) Female",
        "o) BAFR",
        "15/06/2016",
        "10",
        "10/01/2026",
        SCHOOLS,
    ]
    assert rows[3][3:5] == ["01/08/2026", "-1"]  # the unborn baby: due date, age -1
    assert rows[4][6] == UNKNOWN_SOURCE  # the Evanses' contact: no source mapping
    early = list(csv.reader(io.StringIO(archive.read(archive.namelist()[1]).decode("utf-8-sig"))))
    assert early[1][5:] == ["01/02/2026", "", ORGANISATION]
    assert early[3][5:] == ["10/09/2025", "01/10/2025", ORGANISATION]


def test_the_export_says_how_many_blanks_and_unknowns_it_wrote(borough):
    produced = annex_a_file(
        cases=visible_cases(borough.coordinator), inspection_date=INSPECTION, file_format="xlsx"
    )
    assert produced.summary == (
        "8 rows written, 0 blank cells, "
        "5 coded as not known (List 1 - Contacts: Contact Source 1, Ethnicity 2, Gender 2). "
        "The data quality page lists the records to fix."
    )


def test_a_coordinator_lists_only_the_cases_they_may_see_and_the_command_line_every_case(borough):
    theirs = annex_a(cases=visible_cases(borough.coordinator), inspection_date=INSPECTION)
    everyone = annex_a(cases=Case.objects.all(), inspection_date=INSPECTION)
    assert str(borough.zara.pk) not in {row[0] for row in theirs.contacts.rows}
    assert str(borough.zara.pk) in {row[0] for row in everyone.contacts.rows}


def test_an_earlier_inspection_date_counts_ages_and_openness_on_that_date(borough):
    # On 9 January 2026 the window opens on 9 July 2025: the Clarkes' enquiry (August)
    # and the Boatengs' first (14 December) are in it, the Mensahs' had not arrived, the
    # Dunns' case had closed, and Lily was 13.
    lists = annex_a(cases=Case.objects.all(), inspection_date=dt.date(2026, 1, 9))
    assert [(row[0], row[5]) for row in lists.contacts.rows] == [
        (str(borough.lily.pk), dt.date(2025, 8, 20)),
        (str(borough.yaw.pk), dt.date(2025, 12, 14)),
    ]
    assert [row[0] for row in lists.early_help.rows] == [str(borough.lily.pk)]
    assert lists.early_help.rows[0][4:7] == [13, dt.date(2025, 9, 10), dt.date(2025, 10, 1)]
