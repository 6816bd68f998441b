"""`manage.py import_reference_figures FILE`

Loads child population and families-in-need estimates by year and zone from CSV
(reporting/configuration/figures_import.py describes the columns). Checks every row
first; if any is bad, imports nothing, lists each bad row and why, and exits non-zero.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reporting.configuration.figures_import import reference_figures_import


class Command(BaseCommand):
    help = "Import child population and families-in-need estimates from CSV (all or none)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        result = reference_figures_import(actor=None, content=path.read_text(encoding="utf-8-sig"))
        if not result.ok:
            lines = [result.file_problem] if result.file_problem else []
            lines += [str(p) for p in result.problems]
            raise CommandError("Nothing was imported.\n" + "\n".join(lines))
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.population} child population figures and "
                f"{result.estimates} families-in-need estimates."
            )
        )
