"""Importing unit costs from CSV: every row is checked first; one bad row imports nothing.

The format is the published table's (../shared/domain/unit_costs_example.csv):
service, activity, cost_item, unit_cost_gbp, annual_volume, cost_source, beneficiary
(and optionally price_year). An import replaces the unit costs of its year and scope.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from cases.audit import audit_record
from cases.models.audit import AuditAction
from partners.models import Zone
from reporting.models import UnitCost

REQUIRED = [
    "service",
    "activity",
    "cost_item",
    "unit_cost_gbp",
    "annual_volume",
    "cost_source",
    "beneficiary",
]
OPTIONAL = ["price_year"]
MAX_ROWS = 5000


@dataclass
class RowProblem:
    row: int  # the line number in the file (the header is line 1)
    problems: list[str]

    def __str__(self) -> str:
        return f"Row {self.row}: " + "; ".join(self.problems)


@dataclass
class ImportResult:
    imported: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    file_problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and not self.file_problem


def _money(text: str) -> Decimal | None:
    cleaned = text.replace("£", "").replace(",", "").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value.as_tuple().exponent < -2:  # type: ignore[operator]
        return None
    return value


def _whole_number(text: str) -> int | None:
    cleaned = text.replace(",", "").strip()
    return int(cleaned) if cleaned.isdigit() else None


def parse(content: str) -> tuple[list[dict[str, Any]], ImportResult]:
    """Read and check every row; return the clean rows and what was wrong."""
    result = ImportResult()
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
    headers = [h.strip() for h in (reader.fieldnames or [])]
    missing = [h for h in REQUIRED if h not in headers]
    unknown = [h for h in headers if h and h not in REQUIRED + OPTIONAL]
    if missing or unknown:
        parts = []
        if missing:
            parts.append("missing columns: " + ", ".join(missing))
        if unknown:
            parts.append("unknown columns: " + ", ".join(unknown))
        result.file_problem = (
            "The file's header is not the unit costs format (" + "; ".join(parts) + ")"
        )
        return [], result
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        if line > MAX_ROWS + 1:
            result.file_problem = f"The file has more than {MAX_ROWS} rows"
            return [], result
        values = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if None in raw:
            result.problems.append(RowProblem(line, ["has more values than there are columns"]))
            continue
        if not any(values.values()):
            continue  # a blank line
        problems = []
        for name in ("service", "activity", "cost_item", "beneficiary"):
            if not values.get(name):
                problems.append(f"{name} is empty")
        unit_cost = _money(values.get("unit_cost_gbp", ""))
        if unit_cost is None:
            problems.append(
                f"unit_cost_gbp '{values.get('unit_cost_gbp', '')}' is not an amount "
                "in pounds and pence (like 5524 or 923.50)"
            )
        volume = _whole_number(values.get("annual_volume", ""))
        if volume is None:
            problems.append(
                f"annual_volume '{values.get('annual_volume', '')}' is not a whole number"
            )
        item = values.get("cost_item", "").lower()
        if item and item in seen:
            problems.append(f"cost_item '{values['cost_item']}' is also on row {seen[item]}")
        elif item:
            seen[item] = line
        if problems:
            result.problems.append(RowProblem(line, problems))
            continue
        rows.append(
            {
                **{k: values.get(k, "") for k in REQUIRED + OPTIONAL},
                "unit_cost_gbp": unit_cost,
                "annual_volume": volume,
            }
        )
    if not rows and not result.problems:
        result.file_problem = "The file has no rows of unit costs"
    return rows, result


def unit_costs_import(
    *, actor: Any, content: str, year: int, zone: Zone | None = None
) -> ImportResult:
    """Check every row; if all are good, replace the year's unit costs for the scope."""
    rows, result = parse(content)
    if not result.ok:
        return result
    with transaction.atomic():
        UnitCost.objects.filter(year=year, zone=zone).delete()
        UnitCost.objects.bulk_create(
            [
                UnitCost(
                    year=year,
                    zone=zone,
                    imported_by=actor if getattr(actor, "is_authenticated", False) else None,
                    **row,
                )
                for row in rows
            ]
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            reason="unit costs imported",
            detail={"year": year, "zone": zone.name if zone else "whole area", "rows": len(rows)},
        )
    result.imported = len(rows)
    return result
