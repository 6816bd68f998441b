"""`manage.py legacy_import DIR [--dry-run]` and `manage.py legacy_import --rollback BATCH`

Loads a legacy case bundle (the README's "Moving in: legacy_import" section, and the
example in docs/legacy-import-example/): cases with their states and dates, lead
practitioners, plans and actions, meetings, notes and assessments, with mapping.json for
the source system's codes. The families must have come in first with ssd_import. Every
row is checked first; if any is bad, each is listed with its file, line and reason, and
nothing is imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cases.audit import RequestContext, reset_context, set_context
from earlyhelp.errors import ApplicationError
from reporting.moving_in.legacy.services import legacy_import, legacy_rollback
from reporting.moving_in.services import BadImport


class Command(BaseCommand):
    help = "Import a legacy case bundle from a folder, or roll a batch back."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "folder", nargs="?", help="The folder holding the CSV files and mapping.json."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, then write nothing."
        )
        parser.add_argument("--rollback", type=int, metavar="BATCH", help="Undo this batch.")

    def handle(self, *args: Any, **options: Any) -> None:
        token = set_context(RequestContext(None, "", "command:legacy_import"))
        try:
            if options["rollback"] is not None:
                self._rollback(options["rollback"])
            elif options["folder"]:
                self._import(Path(options["folder"]), options["dry_run"])
            else:
                raise CommandError("Give a folder to import, or --rollback BATCH.")
        finally:
            reset_context(token)

    def _import(self, folder: Path, dry_run: bool) -> None:
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        try:
            result = legacy_import(folder=folder, dry_run=dry_run, progress=self.stdout.write)
        except BadImport as error:
            for bad in error.bad:
                self.stderr.write(str(bad))
            raise CommandError(f"{len(error.bad)} bad rows: nothing was imported.") from error
        counts = ", ".join(f"{v} {k}" for k, v in sorted(result.counts.items())) or "no rows"
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"Dry run, nothing written: {counts}."))
        else:
            batch = result.batch.pk if result.batch else "?"
            self.stdout.write(self.style.SUCCESS(f"Imported as batch {batch}: {counts}."))

    def _rollback(self, batch_id: int) -> None:
        try:
            removed = legacy_rollback(batch_id=batch_id)
        except ApplicationError as error:
            raise CommandError(str(error.message)) from error
        total = sum(removed.values())
        self.stdout.write(
            self.style.SUCCESS(f"Rolled back batch {batch_id}: {total} records removed.")
        )
