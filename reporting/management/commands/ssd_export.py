"""`manage.py ssd_export --output DIR`

The Standard Safeguarding Dataset tables this service fills, from every case, as one
CSV file per table (ssd_person.csv, ssd_family.csv, ...) in DIR. The export is written
to the audit log, with how many blank cells it has.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from cases.audit import RequestContext, audit_record, reset_context, set_context
from cases.models import Case
from cases.models.audit import AuditAction
from reporting.returns.exports import SSD, ssd_file


class Command(BaseCommand):
    help = "Write the Standard Safeguarding Dataset tables as CSV files into a folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, help="The folder to write the files to.")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["output"])
        token = set_context(RequestContext(None, "", "command:ssd_export"))
        try:
            with transaction.atomic():
                produced, files = ssd_file(cases=Case.objects.all())
                audit_record(
                    actor=None,
                    action=AuditAction.EXPORT,
                    reason="Standard Safeguarding Dataset written from the command line",
                    detail={
                        "kind": SSD,
                        "folder": str(folder),
                        "files": sorted(files),
                        "summary": produced.summary,
                    },
                )
        finally:
            reset_context(token)
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            path = folder / name
            path.write_bytes(content)
            path.chmod(0o600)
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {len(files)} files to {folder}. {produced.summary}")
        )
