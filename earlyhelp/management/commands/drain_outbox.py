"""Publish outbox messages still waiting for the broker: `manage.py drain_outbox`.

Beat does this every minute; run it by hand after a Redis outage to send the backlog
at once. Safe to run at the same time as beat's drain (rows are claimed with
SKIP LOCKED) and as often as you like.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from earlyhelp import outbox


class Command(BaseCommand):
    help = "Publish pending outbox messages to the broker."

    def handle(self, *args: Any, **options: Any) -> None:
        report = outbox.drain()
        self.stdout.write(f"Published {report.published}; {report.pending} still pending.")
        if report.failed:
            raise CommandError("The broker did not answer; the rest wait for the next drain.")
