"""Reading a partner's data set: one CSV layout for every kind, checked row by row.

Columns (the first row names them; order does not matter):
`nhs_number`, `upn`, `given_names`, `family_name`, `date_of_birth` (YYYY-MM-DD or
DD/MM/YYYY), `postcode`, `date` (when what the row records happened) and `detail`
(what happened: an attendance figure, an incident summary). A row needs an NHS
number or a UPN, or else a family name, a given name and a date of birth.

Every row is checked before anything is written; a file with any bad row is refused
whole and each bad row is listed with what is wrong with it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.identifiers import validate_nhs_number, validate_upn

COLUMNS = [
    "nhs_number",
    "upn",
    "given_names",
    "family_name",
    "date_of_birth",
    "postcode",
    "date",
    "detail",
]
MAX_ROWS = 20000


@dataclass(frozen=True)
class ParsedRow:
    line: int
    nhs_number: str
    upn: str
    given_names: str
    family_name: str
    date_of_birth: dt.date | None
    postcode: str
    event_on: dt.date
    detail: str


@dataclass(frozen=True)
class BadRow:
    line: int
    problems: list[str]


@dataclass(frozen=True)
class ParsedDataSet:
    rows: list[ParsedRow]
    bad: list[BadRow]


def _date(raw: str) -> dt.date | None:
    raw = raw.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


def _row(line: int, raw: dict[str, str]) -> ParsedRow | BadRow:
    def text(name: str) -> str:
        return (raw.get(name) or "").strip()

    problems: list[str] = []
    today = timezone.localdate()
    nhs = text("nhs_number")
    if nhs:
        try:
            nhs = validate_nhs_number(nhs)
        except ValidationError as error:
            problems.append(f"nhs_number: {error.messages[0]}")
    upn = text("upn").upper()
    if upn:
        try:
            upn = validate_upn(upn)
        except ValidationError as error:
            problems.append(f"upn: {error.messages[0]}")
    born = None
    if text("date_of_birth"):
        born = _date(text("date_of_birth"))
        if born is None:
            problems.append(
                f"date_of_birth must be a date like 2015-03-31, not '{text('date_of_birth')}'"
            )
        elif born > today:
            problems.append("date_of_birth cannot be in the future")
    if not (nhs or upn) and not (text("family_name") and text("given_names") and born):
        problems.append(
            "Give an nhs_number or upn, or else family_name, given_names and date_of_birth"
        )
    event_on = _date(text("date"))
    if not text("date"):
        problems.append("Enter the date of what the row records (date)")
    elif event_on is None:
        problems.append(f"date must be a date like 2026-03-31, not '{text('date')}'")
    elif event_on > today:
        problems.append("date cannot be in the future")
    for name, limit in (("given_names", 150), ("family_name", 100), ("postcode", 10)):
        if len(text(name)) > limit:
            problems.append(f"{name} must be {limit} characters or fewer")
    if len(text("detail")) > 300:
        problems.append("detail must be 300 characters or fewer")
    if problems or event_on is None:
        return BadRow(line=line, problems=problems)
    return ParsedRow(
        line=line,
        nhs_number=nhs,
        upn=upn,
        given_names=text("given_names"),
        family_name=text("family_name"),
        date_of_birth=born,
        postcode=" ".join(text("postcode").upper().split()),
        event_on=event_on,
        detail=text("detail"),
    )


def read_data_set(content: bytes) -> ParsedDataSet | str:
    """Every row checked; or why the file as a whole cannot be read."""
    try:
        decoded = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "The file must be saved as CSV UTF-8"
    reader = csv.DictReader(io.StringIO(decoded, newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if not header:
        return "The file is empty"
    missing = [c for c in ("date",) if c not in header]
    if missing or not ({"nhs_number", "upn", "family_name"} & set(header)):
        return (
            "The first row must name the columns: date, and nhs_number, upn or "
            "family_name with given_names and date_of_birth"
        )
    reader.fieldnames = header
    rows: list[ParsedRow] = []
    bad: list[BadRow] = []
    for line, raw in enumerate(reader, start=2):
        if line - 1 > MAX_ROWS:
            return f"The file has more than {MAX_ROWS} rows: split it into smaller files"
        if not any((v or "").strip() for v in raw.values() if isinstance(v, str)):
            continue
        parsed = _row(line, raw)
        (bad if isinstance(parsed, BadRow) else rows).append(parsed)  # type: ignore[arg-type]
    if not rows and not bad:
        return "The file has no rows"
    return ParsedDataSet(rows=rows, bad=bad)
