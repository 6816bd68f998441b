"""The one shape of a moving-in command: `DIR [--dry-run]` to import a folder, or
`--rollback BATCH` to undo a batch. ssd_import and legacy_import differ only in the
import and rollback services they call, so each is this class with those two named."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cases.audit import RequestContext, reset_context, set_context
from earlyhelp.errors import ApplicationError
from reporting.moving_in.services import BadImport, ImportResult


class ImportCommand(BaseCommand):
    """Set `command_name`, `folder_help` and the two services in the subclass."""

    command_name: str
    folder_help: str

    def import_folder(
        self, *, folder: Path, dry_run: bool, progress: Callable[[str], Any]
    ) -> ImportResult:
        raise NotImplementedError

    def rollback_batch(self, *, batch_id: int) -> dict[str, int]:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", nargs="?", help=self.folder_help)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, then write nothing."
        )
        parser.add_argument("--rollback", type=int, metavar="BATCH", help="Undo this batch.")

    def handle(self, *args: Any, **options: Any) -> None:
        token = set_context(RequestContext(None, "", f"command:{self.command_name}"))
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
            result = self.import_folder(folder=folder, dry_run=dry_run, progress=self.stdout.write)
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
            removed = self.rollback_batch(batch_id=batch_id)
        except ApplicationError as error:
            raise CommandError(str(error.message)) from error
        total = sum(removed.values())
        self.stdout.write(
            self.style.SUCCESS(f"Rolled back batch {batch_id}: {total} records removed.")
        )
