# mypy: disallow-untyped-defs
"""Reading and checking the Standard Safeguarding Dataset files before anything is
written: every bad row is found and listed (file, line, reason), so that a council
fixes its export once rather than row by row."""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from cases.codes import Ethnicity, Relationship, Sex
from cases.models import PersonIdentifier
from reporting.exports.safe_cells import is_formula_like
from reporting.returns.ssd import SSD_GENDER, SSD_IDENTIFIER_TYPE

REQUIRED = ("ssd_person", "ssd_family")
OPTIONAL = ("ssd_linked_identifiers", "ssd_address", "ssd_disability")
GENDER_OF = {code: gender for gender, code in SSD_GENDER.items()}
IDENTIFIER_OF = {label: kind for kind, label in SSD_IDENTIFIER_TYPE.items()}


@dataclass(frozen=True)
class BadRow:
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file} line {self.line}: {self.reason}"


@dataclass
class Row:
    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()


@dataclass
class Bundle:
    """The files' rows by table name, and every problem found in them."""

    tables: dict[str, list[Row]] = field(default_factory=dict)
    bad: list[BadRow] = field(default_factory=list)

    def rows(self, table: str) -> list[Row]:
        return self.tables.get(table, [])

    def flag(self, table: str, row: Row, reason: str) -> None:
        self.bad.append(BadRow(f"{table}.csv", row.line, reason))


def read_csv(path: Path) -> list[Row]:
    """Rows with their line numbers (the header is line 1). A leading ' that the
    exports add before a formula character is taken off again."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return [
            Row(
                reader.line_num,
                {
                    k: (v[1:] if v.startswith("'") and is_formula_like(v[1:]) else v)
                    for k, v in row.items()
                    if k
                },
            )
            for row in reader
        ]


def parse_date(value: str) -> dt.date | None:
    """yyyy-mm-dd, or blank; ValueError otherwise."""
    return dt.date.fromisoformat(value) if value else None


def check_dates(bundle: Bundle, table: str, row: Row, *columns: str) -> None:
    for column in columns:
        try:
            parse_date(row.get(column))
        except ValueError:
            bundle.flag(table, row, f"{column} '{row.get(column)}' is not a yyyy-mm-dd date")


def unique(bundle: Bundle, table: str, column: str) -> set[str]:
    seen: set[str] = set()
    for row in bundle.rows(table):
        value = row.get(column)
        if not value:
            bundle.flag(table, row, f"{column} is blank")
        elif value in seen:
            bundle.flag(table, row, f"{column} {value} appears more than once")
        seen.add(value)
    return seen


def _check_people(bundle: Bundle) -> set[str]:
    people = unique(bundle, "ssd_person", "pers_person_id")
    for row in bundle.rows("ssd_person"):
        if not row.get("pers_surname"):
            bundle.flag("ssd_person", row, "pers_surname is blank")
        if not row.get("pers_forename"):
            bundle.flag("ssd_person", row, "pers_forename is blank")
        if row.get("pers_sex") not in Sex.values:
            bundle.flag("ssd_person", row, f"pers_sex '{row.get('pers_sex')}' is not F, M or U")
        if row.get("pers_gender") and row.get("pers_gender") not in GENDER_OF:
            bundle.flag("ssd_person", row, f"pers_gender '{row.get('pers_gender')}' is not a code")
        if row.get("pers_ethnicity") and row.get("pers_ethnicity") not in Ethnicity.values:
            bundle.flag(
                "ssd_person", row, f"pers_ethnicity '{row.get('pers_ethnicity')}' is not a code"
            )
        for flag in ("pers_send_flag", "pers_dob_estimated"):
            if row.get(flag) not in ("", "Y", "N"):
                bundle.flag("ssd_person", row, f"{flag} is not Y or N")
        check_dates(bundle, "ssd_person", row, "pers_dob", "pers_expected_dob")
    return people


def _check_families(bundle: Bundle, people: set[str]) -> None:
    seen: set[tuple[str, str, str]] = set()
    for row in bundle.rows("ssd_family"):
        if not row.get("fami_family_id"):
            bundle.flag("ssd_family", row, "fami_family_id is blank")
        if row.get("fami_person_id") not in people:
            bundle.flag("ssd_family", row, f"no person {row.get('fami_person_id')} in ssd_person")
        relationship = row.get("fami_relationship")
        if relationship and relationship not in Relationship.values:
            bundle.flag("ssd_family", row, f"fami_relationship '{relationship}' is not known")
        key = (row.get("fami_family_id"), row.get("fami_person_id"), row.get("fami_joined_date"))
        if key in seen:
            bundle.flag("ssd_family", row, "the same membership appears more than once")
        seen.add(key)
        check_dates(bundle, "ssd_family", row, "fami_joined_date", "fami_left_date")


def _check_others(bundle: Bundle, people: set[str]) -> None:
    unique(bundle, "ssd_linked_identifiers", "link_table_id")
    for row in bundle.rows("ssd_linked_identifiers"):
        if row.get("link_person_id") not in people:
            bundle.flag("ssd_linked_identifiers", row, "its person is not in ssd_person")
        if row.get("link_identifier_type") not in IDENTIFIER_OF:
            bundle.flag(
                "ssd_linked_identifiers",
                row,
                f"link_identifier_type '{row.get('link_identifier_type')}' is not one of "
                + ", ".join(IDENTIFIER_OF),
            )
        if not row.get("link_identifier_value"):
            bundle.flag("ssd_linked_identifiers", row, "link_identifier_value is blank")
        check_dates(
            bundle, "ssd_linked_identifiers", row, "link_valid_from_date", "link_valid_to_date"
        )
    unique(bundle, "ssd_address", "addr_table_id")
    for row in bundle.rows("ssd_address"):
        if row.get("addr_person_id") not in people:
            bundle.flag("ssd_address", row, "its person is not in ssd_person")
        try:
            if not isinstance(json.loads(row.get("addr_address_json") or "{}"), dict):
                raise ValueError
        except ValueError:
            bundle.flag("ssd_address", row, "addr_address_json is not a JSON object")
    unique(bundle, "ssd_disability", "disa_table_id")
    for row in bundle.rows("ssd_disability"):
        if row.get("disa_person_id") not in people:
            bundle.flag("ssd_disability", row, "its person is not in ssd_person")


def read_households(folder: Path) -> tuple[Bundle, set[str]]:
    """The household tables present, checked, and the people's ids. Missing required
    files are problems too."""
    bundle = Bundle()
    for name in REQUIRED + OPTIONAL:
        path = folder / f"{name}.csv"
        if path.exists():
            bundle.tables[name] = read_csv(path)
        elif name in REQUIRED:
            bundle.bad.append(BadRow(f"{name}.csv", 0, "the file is missing"))
    people = _check_people(bundle)
    _check_families(bundle, people)
    _check_others(bundle, people)
    return bundle, people


def identifier_type(label: str) -> PersonIdentifier.Type:
    return IDENTIFIER_OF[label]
