"""`manage.py import_unit_costs FILE --year YEAR [--zone NAME]`

Checks every row first; if any is bad, imports nothing, lists each bad row and why,
and exits non-zero.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partners.models import Zone
from reporting.costs.importing import unit_costs_import


class Command(BaseCommand):
    help = "Import late-intervention unit costs from CSV (all rows or none)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--zone", default=None, help="A zone's name; omit for the whole area.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        zone = None
        if options["zone"]:
            zone = Zone.objects.filter(name__iexact=options["zone"]).first()
            if zone is None:
                raise CommandError(f"No zone is called '{options['zone']}'")
        result = unit_costs_import(
            actor=None,
            content=path.read_text(encoding="utf-8-sig"),
            year=options["year"],
            zone=zone,
        )
        if not result.ok:
            lines = [result.file_problem] if result.file_problem else []
            lines += [str(p) for p in result.problems]
            raise CommandError("Nothing was imported.\n" + "\n".join(lines))
        scope = zone.name if zone else "the whole area"
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.imported} unit costs for {options['year']}, {scope}."
            )
        )
