"""Rebuild the scorecard's snapshots for a range of months:

    manage.py rebuild_scorecard --from 2025-04 --to 2026-03

Without arguments, the last 24 months (what the nightly task does). Re-running a month
replaces its snapshots.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from earlyhelp.errors import ApplicationError
from reporting.scorecard.engine import default_range
from reporting.scorecard.services import rollup_now


def _month(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()  # noqa: DTZ007 - a month, not a moment
    except ValueError:
        raise CommandError(f"Enter months as YYYY-MM, not {text!r}") from None


class Command(BaseCommand):
    help = "Rebuild the scorecard snapshots for a range of months (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="first", help="First month, YYYY-MM")
        parser.add_argument("--to", dest="last", help="Last month, YYYY-MM")

    def handle(self, *args: Any, **options: Any) -> None:
        first, last = default_range()
        if options["first"]:
            first = _month(options["first"])
        if options["last"]:
            last = _month(options["last"])
        started = time.monotonic()
        try:
            run = rollup_now(first=first, last=last, source="command")
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if run.status != "done":
            raise CommandError(run.message or "The rebuild failed")
        self.stdout.write(
            f"Scorecard rebuilt for {first:%Y-%m} to {last:%Y-%m}: {run.rows} snapshot rows "
            f"in {time.monotonic() - started:.1f}s."
        )
