"""Everything held about one person, written as sar.json and sar.pdf (no redactions).

    manage.py subject_access_export --person ID --output DIR

For an officer working outside the browser (a bulk request, a court order). The
export is the same as the pages produce before any line is redacted; third-party
lines are flagged in the JSON (`third_party`) for review. The run is audited.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases.audit import audit_record
from cases.models import Person
from cases.models.audit import AuditAction
from governance.sar import gather, write_export


class Command(BaseCommand):
    help = "Write sar.json and sar.pdf of everything held about a person."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--person", type=int, required=True, help="the person's id")
        parser.add_argument("--output", required=True, help="the folder to write into")

    def handle(self, *args: Any, **options: Any) -> None:
        person = Person.objects.filter(pk=options["person"]).first()
        if person is None:
            raise CommandError(f"No person with id {options['person']}")
        folder = Path(options["output"])
        folder.mkdir(parents=True, exist_ok=True)
        gathered = gather(person)
        written = write_export(gathered, folder, title=f"person {person.pk}", flags=True)
        with transaction.atomic():
            audit_record(
                actor=None,
                action=AuditAction.EXPORT,
                obj=person,
                reason="subject access export from the command line",
                detail={**gathered["summary"], "source": "command:subject_access_export"},
            )
        for path in written:
            self.stdout.write(f"wrote {path}")
        self.stdout.write(
            f"{gathered['summary']['cases']} cases in {gathered['summary']['families']} "
            f"families; {gathered['summary']['flagged']} lines flagged as third-party"
        )
