"""List what the retention schedule has made due, and anonymise what was approved.

    manage.py apply_retention [--dry-run]

With --dry-run nothing is changed: it prints what is due, what is approved and would
be anonymised, and what a legal hold stops.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from governance.models import DueStatus, RetentionDue
from governance.permissions import SYSTEM
from governance.retention import ApplyReport, retention_apply, retention_list_due


class Command(BaseCommand):
    help = "List records due under the retention schedule and anonymise approved ones."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="change nothing; report")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        with transaction.atomic():
            retention_list_due()
            report = retention_apply(actor=SYSTEM, dry_run=dry_run)
            self._print(report, dry_run=dry_run)
            # A dry run lists what is due only to print it: nothing is kept.
            transaction.set_rollback(dry_run)

    def _print(self, report: ApplyReport, *, dry_run: bool) -> None:
        verb = "would anonymise" if dry_run else "anonymised"
        for item in report.done:
            self.stdout.write(f"{verb}: family record {item.family_id} (due {item.due_on})")
        for item in report.held:
            self.stdout.write(f"held: family record {item.family_id} (legal hold)")
        waiting = RetentionDue.objects.filter(status=DueStatus.DUE).order_by("due_on")
        for item in waiting:
            self.stdout.write(
                f"due, awaiting approval: family record {item.family_id} (due {item.due_on})"
            )
        self.stdout.write(
            f"{len(report.done)} {verb}, {len(report.held)} held, "
            f"{waiting.count()} awaiting approval"
        )
