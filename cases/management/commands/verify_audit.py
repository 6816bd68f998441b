"""`manage.py verify_audit`: check the audit log's hash chain; exit 1 if it is broken."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cases.audit import verify_chain


class Command(BaseCommand):
    help = "Recompute the audit log's hash chain and report the first entry that breaks it."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.ok:
            raise CommandError(f"Audit log chain broken: {report.problem}")
        self.stdout.write(
            self.style.SUCCESS(f"Audit log intact: {report.entries} entries, every hash matches.")
        )
