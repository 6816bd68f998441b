# mypy: disallow-untyped-defs
"""Reading and checking a legacy case bundle before anything is written.

The bundle is a folder of CSV files (legacy_cases.csv and the optional legacy_plans,
legacy_plan_outcomes, legacy_actions, legacy_meetings, legacy_notes and
legacy_assessments) and mapping.json, which turns the source system's codes into the
product's. The README's "Moving in: legacy_import" section lists every column. Every
row is checked, and every problem is listed with its file, line and reason, so a
council fixes its extract once rather than row by row.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone

from cases.models import Family
from cases.models.notes import NoteType
from cases.workflow_states import ClosureReason, State
from documents import content_types
from documents.services import max_upload_bytes
from family_plans.models import ActionStatus, MeetingStatus, PlanStatus
from partners.models import Agency, User
from reporting.exports.safe_cells import is_formula_like
from reporting.models import ImportedRecord
from reporting.moving_in.ssd_rows import BadRow, Row

MAPPING_FILE = "mapping.json"
REQUIRED = ("legacy_cases",)
OPTIONAL = (
    "legacy_plans",
    "legacy_plan_outcomes",
    "legacy_actions",
    "legacy_meetings",
    "legacy_notes",
    "legacy_assessments",
)
# mapping.json: each section maps the source's codes to the product's codes.
CODE_SECTIONS: dict[str, list[str]] = {
    "case_states": list(State.values),
    "closure_reasons": list(ClosureReason.values),
    "plan_statuses": list(PlanStatus.values),
    "action_statuses": list(ActionStatus.values),
    "meeting_statuses": list(MeetingStatus.values),
    "note_types": list(NoteType.values),
}


@dataclass
class Mapping:
    """The source's codes in the product's terms; agencies and workers resolved."""

    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    workers: dict[str, User] = field(default_factory=dict)
    source_name: str = ""

    def code(self, section: str, value: str) -> str:
        return self.codes.get(section, {}).get(value, "")


@dataclass
class LegacyBundle:
    folder: Path
    tables: dict[str, list[Row]] = field(default_factory=dict)
    mapping: Mapping = field(default_factory=Mapping)
    families: dict[str, Family] = field(default_factory=dict)
    bad: list[BadRow] = field(default_factory=list)

    def rows(self, table: str) -> list[Row]:
        return self.tables.get(table, [])

    def flag(self, table: str, row: Row, reason: str) -> None:
        self.bad.append(BadRow(f"{table}.csv", row.line, reason))

    def file_of(self, row: Row) -> Path:
        return (self.folder / row.get("file")).resolve()


def _read_table(bundle: LegacyBundle, name: str, path: Path) -> None:
    """The file's rows; a row with more or fewer cells than the header is a bad row."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, restkey="", restval=None)  # type: ignore[arg-type]
        rows = []
        for values in reader:
            row = Row(reader.line_num, {})
            if "" in values or None in values.values():
                bundle.flag(name, row, "the row has a different number of cells from the header")
                continue
            row.values = {k: strip_formula_guard(v) for k, v in values.items() if k}
            rows.append(row)
    bundle.tables[name] = rows


def strip_formula_guard(value: str) -> str:
    """A leading ' that the product's exports add before a formula character is taken off."""
    return value[1:] if value.startswith("'") and is_formula_like(value[1:]) else value


def parse_day(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def parse_moment(value: str) -> dt.datetime | None:
    """yyyy-mm-ddThh:mm in the service's time zone, or blank."""
    if not value:
        return None
    moment = dt.datetime.fromisoformat(value)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _read_mapping(bundle: LegacyBundle) -> None:
    path = bundle.folder / MAPPING_FILE
    if not path.exists():
        bundle.bad.append(BadRow(MAPPING_FILE, 0, "the file is missing"))
        return
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        bundle.bad.append(BadRow(MAPPING_FILE, 0, f"it is not JSON: {error}"))
        return
    if not isinstance(raw, dict):
        bundle.bad.append(BadRow(MAPPING_FILE, 0, "it is not a JSON object"))
        return
    mapping = bundle.mapping
    mapping.source_name = str(raw.get("source", ""))
    for section, allowed in CODE_SECTIONS.items():
        codes = raw.get(section, {})
        if not isinstance(codes, dict):
            bundle.bad.append(BadRow(MAPPING_FILE, 0, f"{section} is not an object"))
            continue
        for source_code, code in codes.items():
            if code not in allowed:
                bundle.bad.append(
                    BadRow(
                        MAPPING_FILE,
                        0,
                        f"{section}: '{source_code}' maps to '{code}', which is not one of "
                        + ", ".join(allowed),
                    )
                )
        mapping.codes[section] = {str(k): str(v) for k, v in codes.items()}
    agencies = {a.name: a for a in Agency.objects.filter(name__in=raw.get("agencies", {}).values())}
    for source_code, name in raw.get("agencies", {}).items():
        if name in agencies:
            mapping.agencies[source_code] = agencies[name]
        else:
            bundle.bad.append(
                BadRow(MAPPING_FILE, 0, f"agencies: '{source_code}' maps to no agency '{name}'")
            )
    emails = [str(e).lower() for e in raw.get("workers", {}).values()]
    users = {u.email.lower(): u for u in User.objects.filter(email__in=emails, is_active=True)}
    for source_code, email in raw.get("workers", {}).items():
        user = users.get(str(email).lower())
        if user is None:
            bundle.bad.append(
                BadRow(MAPPING_FILE, 0, f"workers: '{source_code}' maps to no active user {email}")
            )
        else:
            mapping.workers[source_code] = user


class _Checker:
    """Checks of one table's rows, each adding its problem to the bundle."""

    def __init__(self, bundle: LegacyBundle, table: str) -> None:
        self.bundle = bundle
        self.table = table
        self.today = timezone.localdate()

    def flag(self, row: Row, reason: str) -> None:
        self.bundle.flag(self.table, row, reason)

    def unique(self, column: str) -> dict[str, Row]:
        seen: dict[str, Row] = {}
        for row in self.bundle.rows(self.table):
            value = row.get(column)
            if not value:
                self.flag(row, f"{column} is blank")
            elif value in seen:
                self.flag(row, f"{column} {value} appears more than once")
            else:
                seen[value] = row
        return seen

    def required(self, row: Row, *columns: str) -> None:
        for column in columns:
            if not row.get(column):
                self.flag(row, f"{column} is blank")

    def day(self, row: Row, column: str, *, required: bool = False) -> dt.date | None:
        value = row.get(column)
        if not value:
            if required:
                self.flag(row, f"{column} is blank")
            return None
        try:
            day = parse_day(value)
        except ValueError:
            self.flag(row, f"{column} '{value}' is not a yyyy-mm-dd date")
            return None
        if day and day > self.today and column not in ("due_on", "next_review_on"):
            self.flag(row, f"{column} {value} is in the future")
        return day

    def moment(self, row: Row, column: str) -> dt.datetime | None:
        value = row.get(column)
        if not value:
            self.flag(row, f"{column} is blank")
            return None
        try:
            return parse_moment(value)
        except ValueError:
            self.flag(row, f"{column} '{value}' is not a yyyy-mm-ddThh:mm date and time")
            return None

    def code(self, row: Row, column: str, section: str, *, required: bool = True) -> None:
        value = row.get(column)
        if not value:
            if required:
                self.flag(row, f"{column} is blank")
            return
        if not self.bundle.mapping.code(section, value):
            self.flag(row, f"{column} '{value}' is not in mapping.json's {section}")

    def worker(self, row: Row, column: str) -> None:
        value = row.get(column)
        if value and value not in self.bundle.mapping.workers:
            self.flag(row, f"{column} '{value}' is not in mapping.json's workers")

    def agency(self, row: Row, column: str) -> None:
        value = row.get(column)
        if value and value not in self.bundle.mapping.agencies:
            self.flag(row, f"{column} '{value}' is not in mapping.json's agencies")

    def parent(self, row: Row, column: str, known: dict[str, Row], table: str) -> Row | None:
        value = row.get(column)
        if value and value not in known:
            self.flag(row, f"{column} {value} is not in {table}.csv")
        return known.get(value)


def _check_cases(bundle: LegacyBundle) -> dict[str, Row]:
    check = _Checker(bundle, "legacy_cases")
    cases = check.unique("case_id")
    family_ids = {r.get("family_id") for r in bundle.rows("legacy_cases")}
    for record in ImportedRecord.objects.filter(
        source="ssd", table="ssd_family", source_id__in=family_ids
    ):
        family = Family.objects.filter(pk=record.object_id).first()
        if family is not None:
            bundle.families[record.source_id] = family
    for row in bundle.rows("legacy_cases"):
        family_id = row.get("family_id")
        if not family_id:
            check.flag(row, "family_id is blank")
        elif family_id not in bundle.families:
            check.flag(
                row,
                f"family_id {family_id} is not a family imported from the Standard "
                "Safeguarding Dataset: run ssd_import first",
            )
        check.code(row, "state", "case_states")
        opened = check.day(row, "opened_on", required=True)
        closed = check.day(row, "closed_on")
        is_closed = bundle.mapping.code("case_states", row.get("state")) == State.CLOSED
        if is_closed and not row.get("closed_on"):
            check.flag(row, "closed_on is blank for a closed case")
        if not is_closed and row.get("closed_on"):
            check.flag(row, "closed_on is given for a case that is not closed")
        if opened and closed and closed < opened:
            check.flag(row, "closed_on is before opened_on")
        check.code(row, "closure_reason", "closure_reasons", required=is_closed)
        check.agency(row, "lead_agency")
        check.worker(row, "lead_worker")
        state = bundle.mapping.code("case_states", row.get("state"))
        if (
            state
            and state not in (State.ENQUIRY_RECEIVED, State.SCREENING)
            and not (row.get("lead_agency"))
        ):
            check.flag(row, "lead_agency is blank for a case past the front door")
    return cases


def _needs_lead(bundle: LegacyBundle, check: _Checker, row: Row, cases: dict[str, Row]) -> None:
    case = cases.get(row.get("case_id"))
    if case is not None and not case.get("lead_worker"):
        check.flag(row, f"its case {row.get('case_id')} has no lead_worker to record it")


def _check_plans(bundle: LegacyBundle, cases: dict[str, Row]) -> None:
    check = _Checker(bundle, "legacy_plans")
    plans = check.unique("plan_id")
    seen_cases: set[str] = set()
    for row in bundle.rows("legacy_plans"):
        check.parent(row, "case_id", cases, "legacy_cases")
        if row.get("case_id") in seen_cases:
            check.flag(row, f"case {row.get('case_id')} has more than one plan")
        seen_cases.add(row.get("case_id"))
        _needs_lead(bundle, check, row, cases)
        check.code(row, "status", "plan_statuses")
        agreed = bundle.mapping.code("plan_statuses", row.get("status")) != PlanStatus.DRAFT
        check.day(row, "agreed_on", required=agreed and bool(row.get("status")))
        check.day(row, "next_review_on")
    check = _Checker(bundle, "legacy_plan_outcomes")
    outcomes = check.unique("outcome_id")
    for row in bundle.rows("legacy_plan_outcomes"):
        check.parent(row, "plan_id", plans, "legacy_plans")
        check.required(row, "wanted")
    check = _Checker(bundle, "legacy_actions")
    check.unique("action_id")
    for row in bundle.rows("legacy_actions"):
        check.parent(row, "outcome_id", outcomes, "legacy_plan_outcomes")
        check.required(row, "what")
        check.worker(row, "owner_worker")
        check.agency(row, "owner_agency")
        if bool(row.get("owner_worker")) == bool(row.get("owner_agency")):
            check.flag(row, "give one of owner_worker and owner_agency")
        start = check.day(row, "start_on", required=True)
        due = check.day(row, "due_on", required=True)
        if start and due and due < start:
            check.flag(row, "due_on is before start_on")
        check.code(row, "status", "action_statuses")
        check.day(row, "completed_on")


def _check_case_records(bundle: LegacyBundle, cases: dict[str, Row]) -> None:
    check = _Checker(bundle, "legacy_meetings")
    check.unique("meeting_id")
    for row in bundle.rows("legacy_meetings"):
        check.parent(row, "case_id", cases, "legacy_cases")
        _needs_lead(bundle, check, row, cases)
        check.code(row, "status", "meeting_statuses")
        starts, ends = check.moment(row, "starts_at"), check.moment(row, "ends_at")
        if starts and ends and ends < starts:
            check.flag(row, "ends_at is before starts_at")
    check = _Checker(bundle, "legacy_notes")
    check.unique("note_id")
    for row in bundle.rows("legacy_notes"):
        check.parent(row, "case_id", cases, "legacy_cases")
        check.code(row, "note_type", "note_types")
        check.day(row, "contact_date", required=True)
        check.required(row, "text")
        check.worker(row, "author_worker")
        if not row.get("author_worker"):
            _needs_lead(bundle, check, row, cases)
    _check_assessments(bundle, cases)


def _check_assessments(bundle: LegacyBundle, cases: dict[str, Row]) -> None:
    check = _Checker(bundle, "legacy_assessments")
    check.unique("assessment_id")
    folder = bundle.folder.resolve()
    for row in bundle.rows("legacy_assessments"):
        check.parent(row, "case_id", cases, "legacy_cases")
        check.day(row, "completed_on", required=True)
        check.worker(row, "worker")
        if bool(row.get("file")) == bool(row.get("text")):
            check.flag(row, "give one of file and text")
            continue
        if not row.get("file"):
            if not row.get("worker"):
                _needs_lead(bundle, check, row, cases)
            continue
        _needs_lead(bundle, check, row, cases)
        path = bundle.file_of(row)
        if not path.is_relative_to(folder) or not path.is_file():
            check.flag(row, f"file {row.get('file')} is not in the bundle's folder")
            continue
        if path.stat().st_size > max_upload_bytes() or not path.stat().st_size:
            check.flag(row, f"file {row.get('file')} is empty or larger than uploads may be")
            continue
        with path.open("rb") as handle:
            verdict = content_types.check(
                name=path.name, head=handle.read(content_types.SNIFF_BYTES)
            )
        if not verdict.allowed:
            check.flag(row, verdict.error)


def read_legacy_bundle(folder: Path) -> LegacyBundle:
    """Every file present, read and checked: `bad` lists each problem found."""
    bundle = LegacyBundle(folder=folder)
    _read_mapping(bundle)
    for name in REQUIRED + OPTIONAL:
        path = folder / f"{name}.csv"
        if path.exists():
            _read_table(bundle, name, path)
        elif name in REQUIRED:
            bundle.bad.append(BadRow(f"{name}.csv", 0, "the file is missing"))
    cases = _check_cases(bundle)
    _check_plans(bundle, cases)
    _check_case_records(bundle, cases)
    return bundle
