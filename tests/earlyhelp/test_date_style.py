"""Dates are shown as GOV.UK writes them ("9 December 2026") everywhere a person reads
them: no text built for reading formats a date as 09/12/2026. What may keep the
day/month/year figures: a date typed into a form field (and the first value of one), and
the data returns whose specification asks for it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "assessments",
    "cases",
    "composition",
    "documents",
    "earlyhelp",
    "family_plans",
    "family_view",
    "governance",
    "identity",
    "partners",
    "reporting",
]
# An f-string formatting a date for display, or a template's date filter doing so.
NUMERIC = re.compile(r":%d/%m/%[Yy]\}|\|date:\"d/m/Y\"")
# A new plan action's start date is the value of a typed date field.
TYPED_INPUT = {"family_plans/views/plan.py"}


def test_no_page_text_or_message_writes_a_date_as_figures():
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*"):
            if path.suffix not in {".py", ".html", ".txt"} or "migrations" in path.parts:
                continue
            rel = path.relative_to(ROOT).as_posix()
            if rel in TYPED_INPUT:
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if NUMERIC.search(line):
                    found.append(f"{rel}:{n}: {line.strip()}")
    assert found == []
