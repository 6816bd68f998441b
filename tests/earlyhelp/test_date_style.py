"""Dates and times are shown as GOV.UK writes them ("9 December 2026", "3:30pm")
everywhere a person reads them: no text built for reading formats a date as 09/12/2026.
What may keep the day/month/year figures: a date typed into a form field (and the first
value of one), and the data returns whose specification asks for it."""

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


# The time of a meeting or a deadline written on the 24-hour clock for a reader (a
# template's time filter, an f-string), or the 12-hour clock in capitals ("3:30PM"). The
# timestamps of record tables (chronology, access log: "1 Dec 2026 09:30") and the audit's
# own lines (%Y-%m-%d %H:%M) are records, not sentences, and keep the compact clock.
NUMERIC_TIME = re.compile(r'(?<!%Y-%m-%d )(?<!%d %B %Y )%H:%M\}|time:"H:i"|date:"H:i"|%-I:%M%p')
TYPED_TIME = {"family_plans/forms/fields.py"}  # the value of a time field, as typed


def test_no_page_text_or_message_writes_a_time_on_the_24_hour_clock():
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*"):
            if path.suffix not in {".py", ".html", ".txt"} or "migrations" in path.parts:
                continue
            rel = path.relative_to(ROOT).as_posix()
            if rel in TYPED_TIME:
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if NUMERIC_TIME.search(line):
                    found.append(f"{rel}:{n}: {line.strip()}")
    assert found == []


def test_times_read_as_gov_uk_writes_them():
    import datetime as dt

    from earlyhelp.templatetags.govuk import govuk_date, govuk_time

    assert govuk_time(dt.time(15, 30)) == "3:30pm"
    assert govuk_time(dt.time(10, 0)) == "10am"
    assert govuk_time(dt.time(12, 0)) == "midday"
    assert govuk_time(dt.time(0, 0)) == "midnight"
    assert govuk_time(dt.time(12, 45)) == "12:45pm"
    assert govuk_date(dt.datetime(2026, 12, 9, 16, 30)) == "9 December 2026 at 4:30pm"
