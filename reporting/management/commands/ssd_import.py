"""`manage.py ssd_import DIR [--dry-run]` and `manage.py ssd_import --rollback BATCH`

Loads the Standard Safeguarding Dataset files that `ssd_export` writes (or a council's
own system writes, with the columns the README lists): people, households with their
address, identifiers, disability and SEND; professionals; contacts with the cases they
opened, early help episodes and involvements; section 17 codes, SDQ scores and the
child's voice. Every row is checked first; if any is bad, each is listed with its file,
line and reason, and nothing is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reporting.moving_in.command import ImportCommand
from reporting.moving_in.services import ImportResult, ssd_import, ssd_rollback


class Command(ImportCommand):
    help = "Import Standard Safeguarding Dataset CSV files from a folder, or roll a batch back."
    command_name = "ssd_import"
    folder_help = "The folder holding the CSV files."

    def import_folder(
        self, *, folder: Path, dry_run: bool, progress: Callable[[str], Any]
    ) -> ImportResult:
        return ssd_import(folder=folder, dry_run=dry_run, progress=progress)

    def rollback_batch(self, *, batch_id: int) -> dict[str, int]:
        return ssd_rollback(batch_id=batch_id)
