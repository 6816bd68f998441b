"""`manage.py annex_a --date YYYY-MM-DD --output FILE.xlsx`

Ofsted Annex A List 1 and List 2 for an inspection date, from every case: an Excel
workbook (one sheet per list), or with an output ending in .zip the two lists as CSV
files. The export is written to the audit log, with how many blank cells it has.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from cases.audit import RequestContext, audit_record, reset_context, set_context
from cases.models import Case
from cases.models.audit import AuditAction
from reporting.returns.exports import ANNEX_A, annex_a_file


class Command(BaseCommand):
    help = "Write Ofsted's Annex A lists (List 1 contacts, List 2 early help) for a date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", required=True, help="The inspection date, YYYY-MM-DD.")
        parser.add_argument(
            "--output", required=True, help="FILE.xlsx for a workbook, FILE.zip for CSV files."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            inspection_date = dt.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError("Enter the date as YYYY-MM-DD, for example 2026-03-27") from None
        if inspection_date > timezone.localdate():
            raise CommandError("The inspection date must be today or in the past")
        output = Path(options["output"])
        suffix = output.suffix.lower()
        if suffix not in (".xlsx", ".zip"):
            raise CommandError("The output must end in .xlsx (a workbook) or .zip (CSV files)")
        token = set_context(RequestContext(None, "", "command:annex_a"))
        try:
            with transaction.atomic():
                produced = annex_a_file(
                    cases=Case.objects.all(),
                    inspection_date=inspection_date,
                    file_format="xlsx" if suffix == ".xlsx" else "csv",
                )
                audit_record(
                    actor=None,
                    action=AuditAction.EXPORT,
                    reason="Annex A lists written from the command line",
                    detail={
                        "kind": ANNEX_A,
                        "date": inspection_date.isoformat(),
                        "file": str(output),
                        "summary": produced.summary,
                    },
                )
        finally:
            reset_context(token)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(produced.content)
        output.chmod(0o600)
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}. {produced.summary}"))
