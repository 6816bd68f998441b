"""`manage.py legacy_import DIR [--dry-run]` and `manage.py legacy_import --rollback BATCH`

Loads a legacy case bundle (the README's "Moving in: legacy_import" section, and the
example in docs/legacy-import-example/): cases with their states and dates, lead
practitioners, plans and actions, meetings, notes and assessments, with mapping.json for
the source system's codes. The families must have come in first with ssd_import. Every
row is checked first; if any is bad, each is listed with its file, line and reason, and
nothing is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reporting.moving_in.command import ImportCommand
from reporting.moving_in.legacy.services import legacy_import, legacy_rollback
from reporting.moving_in.services import ImportResult


class Command(ImportCommand):
    help = "Import a legacy case bundle from a folder, or roll a batch back."
    command_name = "legacy_import"
    folder_help = "The folder holding the CSV files and mapping.json."

    def import_folder(
        self, *, folder: Path, dry_run: bool, progress: Callable[[str], Any]
    ) -> ImportResult:
        return legacy_import(folder=folder, dry_run=dry_run, progress=progress)

    def rollback_batch(self, *, batch_id: int) -> dict[str, int]:
        return legacy_rollback(batch_id=batch_id)
