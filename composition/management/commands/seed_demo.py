"""Build the demo borough: `manage.py seed_demo [--families N] [--once | --complete]`.

`make run` loads the first few hundred families with `--once` before it starts serving,
then the rest with `--complete` in the background, so a fresh machine is signed in to
within minutes rather than after the whole borough is built.

Each app that has demo data provides `<app>/demo.py` with a `build(**options)`
function; they run in dependency order (partners, identity, cases, the service directory,
assessments, family_plans, reporting). Every builder is idempotent, so running the
command twice creates nothing new. Demo logins share one password, which exists only in development.
"""

from __future__ import annotations

import importlib
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

BUILD_ORDER = [
    "partners",
    "identity",
    "cases",
    "partners.directory",  # after cases, which sets the postcode areas
    "assessments",
    "family_plans",
    "reporting",
]


class Command(BaseCommand):
    help = "Create demo zones, agencies, staff and families (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--families",
            type=int,
            default=None,
            help="How many demo families to build (default: the DEMO_FAMILIES setting, 2000).",
        )
        loaded = parser.add_mutually_exclusive_group()
        loaded.add_argument(
            "--once", action="store_true", help="Do nothing if demo data has been loaded before."
        )
        loaded.add_argument(
            "--complete",
            action="store_true",
            help="Build the rest of the demo families once the first have been loaded; "
            "do nothing if they are all there or none are.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = getattr(settings, "DEMO_PASSWORD", "")
        if not password:
            raise CommandError("Demo data is for development only (DEMO_PASSWORD is not set).")
        from cases.demo import demo_family_count
        from partners.models import Agency
        from reporting.demo import loaded_whole

        families = options["families"]
        if families is None:
            families = getattr(settings, "DEMO_FAMILIES", 2000)
        if options["once"] and Agency.objects.exists():
            self.stdout.write("Demo data already loaded; keeping it.")
            return
        if options["complete"]:
            loaded = demo_family_count() if Agency.objects.exists() else 0
            if not loaded or loaded_whole(families):
                return
            self.stdout.write(
                f"[earlyhelp] loading the rest of the demo families in the background "
                f"({loaded} of {families} so far); the scorecard is rebuilt when they are in"
            )
        started = time.monotonic()
        try:
            self._build(password, families)
        except KeyboardInterrupt:  # Ctrl-C on `make run`: each family is whole or absent
            self.stdout.write("Demo data loading stopped; the next `make run` carries on.")
            return
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f}s.")
        )

    def _build(self, password: str, families: int) -> None:
        for app in BUILD_ORDER:
            if app == "reporting":
                # The scorecard rebuild reads every table just filled. Inside one long
                # transaction (a test, a benchmark) autovacuum has never seen them, and
                # without statistics the planner picks nested loops that take minutes.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name == f"{app}.demo":
                    continue
                raise
            counts = module.build(password=password, families=families, stdout=self.stdout)
            summary = ", ".join(f"{v} {k}" for k, v in counts.items())
            self.stdout.write(f"{app}: {summary}")
