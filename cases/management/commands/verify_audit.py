"""`manage.py verify_audit`: check the audit log's hash chain and its signed checkpoints;
exit 1 if either is broken."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cases.audit import verify_chain
from cases.audit_checkpoints import verify_checkpoints


class Command(BaseCommand):
    help = (
        "Recompute the audit log's hash chain, check every signed checkpoint against it, "
        "and report what is broken."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        checkpoints = verify_checkpoints()
        for note in checkpoints.notes:
            self.stdout.write(note)
        problems = ([report.problem] if not report.ok else []) + checkpoints.problems
        if problems:
            raise CommandError("Audit log chain broken: " + "; ".join(problems))
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit log intact: {report.entries} entries, every hash matches; "
                f"signed checkpoints checked: {checkpoints.checked}."
            )
        )
