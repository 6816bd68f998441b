"""Cells that a spreadsheet cannot run: every CSV and XLSX the product writes goes through here.

A family name typed as `=HYPERLINK("http://…","Click")` is text to us, but a
spreadsheet opening a CSV treats a cell that starts with `=`, `+`, `-` or `@` (or a tab
or carriage return before one) as a formula, and may send the NHS number beside it to
whoever wrote it (OWASP, "CSV Injection"). Following OWASP:

- CSV: such a cell is written with a single quote in front (`'=HYPERLINK(…)`), which a
  spreadsheet shows as text. A value that is only a number (`-3`, `+4.5`, `12%`) is a
  number, not a formula, and is left as it is, so figures stay figures.
- XLSX: openpyxl turns any string starting with `=` into a formula cell. Such cells are
  stored as text with Excel's own "quote prefix" flag instead, so the workbook shows
  exactly what was typed and it stays text even when the cell is edited.

Numbers, dates and empty cells pass through untouched in both. `csv_writer` and
`append_row` are the only ways exports write rows, so no export can forget.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain number (optionally signed, with decimals, thousands separators or a percent)
# is inert: spreadsheets read it as a number.
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?%?$")


def is_formula_like(text: str) -> bool:
    return bool(text) and text.startswith(FORMULA_STARTS) and not _is_number(text)


def _is_number(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and bool(_PLAIN_NUMBER.match(text))


def safe_text(value: Any) -> Any:
    """A CSV cell: formula-looking text gets a leading quote; anything else as it is."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_text(v) for v in values]


class SafeCsvWriter:
    """csv.writer whose rows are neutralised cell by cell."""

    def __init__(self, stream: Any, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: Any, **options: Any) -> SafeCsvWriter:
    return SafeCsvWriter(stream, **options)


def append_row(sheet: Any, values: Sequence[Any]) -> None:
    """Append a row to an openpyxl sheet; formula-looking text is stored as text."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and is_formula_like(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True
