"""Tables of a return: named columns, rows of cells, and the blanks and unknowns in them.

A cell holds text, a whole number or a date. An empty cell is either None (nothing
to record: the completion date of an assessment still in progress) or "" (a value the
return needs and the record lacks): only the second kind is counted as a blank. The CSV
writes dates in the table's format (dd/mm/yyyy for Ofsted's lists, yyyy-mm-dd for the
dataset and the census); the workbook keeps real dates shown as dd/mm/yyyy, so they
sort. Every export counts the blank cells it wrote (and the coded "unknown" answers),
per column, so it can say what to fix before the file is sent.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reporting.exports.safe_cells import append_row, csv_writer

Cell = str | int | dt.date | None

UK_DATE = "%d/%m/%Y"
ISO_DATE = "%Y-%m-%d"


@dataclass
class Table:
    name: str
    columns: Sequence[str]
    date_format: str = ISO_DATE
    rows: list[list[Cell]] = field(default_factory=list)
    # Coded answers that mean "not known" (e.g. "s) NOBT"), counted separately.
    unknown_values: frozenset[str] = frozenset()

    def add(self, values: Iterable[Cell]) -> None:
        row = list(values)
        if len(row) != len(self.columns):
            raise ValueError(f"{self.name}: {len(row)} values for {len(self.columns)} columns")
        self.rows.append(row)

    def blanks(self) -> Counter[str]:
        """Cells left blank for want of a value ("" cells), per column."""
        counts: Counter[str] = Counter()
        for row in self.rows:
            for column, value in zip(self.columns, row, strict=True):
                if value == "":
                    counts[column] += 1
        return counts

    def unknowns(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for row in self.rows:
            for column, value in zip(self.columns, row, strict=True):
                if isinstance(value, str) and value in self.unknown_values:
                    counts[column] += 1
        return counts

    def text(self, value: Cell) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.date):
            return value.strftime(self.date_format)
        return str(value)

    def csv_bytes(self) -> bytes:
        """UTF-8 with a byte order mark, so Excel opens names with accents correctly."""
        out = io.StringIO()
        writer = csv_writer(out, lineterminator="\r\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow([self.text(v) for v in row])
        return out.getvalue().encode("utf-8-sig")


def workbook_bytes(tables: Sequence[Table]) -> bytes:
    """One sheet per table, headers in bold, dates shown as dd/mm/yyyy."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for table in tables:
        sheet = book.create_sheet(title=table.name[:31])
        append_row(sheet, list(table.columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            append_row(sheet, [None if v == "" else v for v in row])
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "dd/mm/yyyy"
        for index, name in enumerate(table.columns, start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[letter].width = max(14, len(name) + 2)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def summary_of(tables: Sequence[Table]) -> str:
    """One sentence a person can act on: how many rows, blanks and unknowns, and where."""
    rows = sum(len(t.rows) for t in tables)
    blank_parts: list[str] = []
    unknown_parts: list[str] = []
    blanks = unknowns = 0
    for table in tables:
        for counts, parts in ((table.blanks(), blank_parts), (table.unknowns(), unknown_parts)):
            if counts:
                where = ", ".join(f"{column} {n}" for column, n in sorted(counts.items()))
                parts.append(f"{table.name}: {where}")
        blanks += sum(table.blanks().values())
        unknowns += sum(table.unknowns().values())
    text = f"{rows} row{'s' if rows != 1 else ''} written"
    text += f", {blanks} blank cell{'s' if blanks != 1 else ''}"
    if blank_parts:
        text += f" ({'; '.join(blank_parts)})"
    if unknowns:
        text += f", {unknowns} coded as not known ({'; '.join(unknown_parts)})"
    text += "."
    if blanks or unknowns:
        text += " The data quality page lists the records to fix."
    return text


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()
