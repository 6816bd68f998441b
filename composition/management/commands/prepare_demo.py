"""`manage.py prepare_demo [--logins-file FILE] [--url URL]`: what `make run` does before
it starts the servers, in one process (one Django start-up rather than three, so a
second `make run` is up in seconds): apply migrations, load the demo borough once (its
first DEMO_FIRST_FAMILIES families: the launcher loads the rest in the background), and
write the demo logins for the launcher to print once the servers are running."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Migrate, load the demo data once and write the demo logins (make run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/")
        parser.add_argument("--logins-file", default="", help="Write the logins here.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("[earlyhelp] applying migrations")
        call_command("migrate", interactive=False, verbosity=0)
        first = getattr(settings, "DEMO_FIRST_FAMILIES", None)
        call_command("seed_demo", once=True, families=first, stdout=self.stdout)
        from identity.demo import ensure_demo_second_factors

        ensure_demo_second_factors()  # demo data loaded before second factors existed
        logins = io.StringIO()
        call_command("demo_logins", url=options["url"], stdout=logins)
        if options["logins_file"]:
            Path(options["logins_file"]).write_text(logins.getvalue(), encoding="utf-8")
        else:
            self.stdout.write(logins.getvalue())
