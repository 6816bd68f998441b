# mypy: disallow-untyped-defs
"""Child population and families-in-need estimates from CSV, all rows or none.

Columns (header row required; order free):
`year, zone, children, families, additional_needs_percent, source`.
A blank `zone` is the whole area. A row may give `children` (ChildPopulation), or
`families` (FamiliesEstimate, with `additional_needs_percent`, 7.00 when blank), or
both. A figure already held for that year and zone is replaced. Every row is checked
before anything is written; one bad row imports nothing, and every bad row is listed
with its line number and what is wrong.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from partners.models import Zone
from reporting.configuration.services import configuration_save
from reporting.models import ChildPopulation, FamiliesEstimate

COLUMNS = ["year", "zone", "children", "families", "additional_needs_percent", "source"]
REQUIRED = ["year", "zone"]
MAX_ROWS = 5000


@dataclass
class RowProblem:
    row: int  # the line number in the file; the header is line 1
    problems: list[str]

    def __str__(self) -> str:
        return f"Row {self.row}: " + "; ".join(self.problems)


@dataclass
class FiguresImportResult:
    population: int = 0
    estimates: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    file_problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and not self.file_problem


@dataclass(frozen=True)
class _Row:
    year: int
    zone: Zone | None
    children: int | None
    families: int | None
    percent: Decimal
    source: str


def _count(text: str, label: str, problems: list[str]) -> int | None:
    cleaned = text.replace(",", "").strip()
    if not cleaned:
        return None
    if not cleaned.isdigit():
        problems.append(f"Enter {label} as a whole number, like 41250")
        return None
    return int(cleaned)


def _parse(content: str) -> tuple[list[_Row], FiguresImportResult]:
    result = FiguresImportResult()
    reader = csv.DictReader(io.StringIO(content))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing or not ({"children", "families"} & set(header)):
        result.file_problem = (
            "The first row must name the columns: year, zone, and children or families "
            f"(found: {', '.join(header) or 'nothing'})"
        )
        return [], result
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        result.file_problem = f"Unknown columns: {', '.join(unknown)}"
        return [], result
    zones = {z.name.lower(): z for z in Zone.objects.all()}
    rows: list[_Row] = []
    seen: dict[tuple[int, int | None], int] = {}
    for line, raw in enumerate(reader, start=2):
        if line - 1 > MAX_ROWS:
            result.file_problem = f"The file has more than {MAX_ROWS} rows"
            return [], result
        values = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        if not any(values.values()):
            continue
        problems: list[str] = []
        year_text = values.get("year", "")
        year = int(year_text) if year_text.isdigit() else 0
        if not 2000 <= year <= 2100:
            problems.append("Enter the year as four digits, like 2026")
        zone_name = values.get("zone", "")
        zone = zones.get(zone_name.lower()) if zone_name else None
        if zone_name and zone is None:
            problems.append(f"No zone is called '{zone_name}'")
        children = _count(values.get("children", ""), "the number of children", problems)
        families = _count(values.get("families", ""), "the number of families", problems)
        if not values.get("children") and not values.get("families"):
            problems.append("Enter the number of children, of families, or both")
        percent = Decimal("7.00")
        if values.get("additional_needs_percent"):
            try:
                percent = Decimal(values["additional_needs_percent"].rstrip("%"))
            except InvalidOperation:
                percent = Decimal(-1)
            if not Decimal(0) <= percent <= Decimal(100):
                problems.append("Enter the additional needs percentage from 0 to 100")
        source = values.get("source", "")
        if len(source) > 200:
            problems.append("The source must be 200 characters or fewer")
        key = (year, zone.pk if zone else None)
        if not problems and key in seen:
            problems.append(f"Row {seen[key]} already gives figures for this year and zone")
        if problems:
            result.problems.append(RowProblem(line, problems))
            continue
        seen[key] = line
        rows.append(_Row(year, zone, children, families, percent, source))
    if not rows and not result.problems:
        result.file_problem = "The file has no rows of figures"
    return rows, result


def reference_figures_import(*, actor: Any, content: str) -> FiguresImportResult:
    """Check every row; then, in one transaction, save each figure through the
    configuration service (validated and audited, like a change in the admin)."""
    rows, result = _parse(content)
    if not result.ok:
        return result
    with transaction.atomic():
        for row in rows:
            if row.children is not None:
                population = ChildPopulation.objects.filter(year=row.year, zone=row.zone).first()
                created = population is None
                population = population or ChildPopulation(year=row.year, zone=row.zone)
                population.children = row.children
                population.source = row.source
                configuration_save(
                    actor=actor,
                    obj=population,
                    changed=["children", "source"] + (["year", "zone"] if created else []),
                    created=created,
                )
                result.population += 1
            if row.families is not None:
                estimate = FamiliesEstimate.objects.filter(year=row.year, zone=row.zone).first()
                created = estimate is None
                estimate = estimate or FamiliesEstimate(year=row.year, zone=row.zone)
                estimate.families = row.families
                estimate.additional_needs_percent = row.percent
                configuration_save(
                    actor=actor,
                    obj=estimate,
                    changed=["families", "additional_needs_percent"]
                    + (["year", "zone"] if created else []),
                    created=created,
                )
                result.estimates += 1
    return result
