"""Build the demo borough: `manage.py seed_demo [--families N] [--once]`.

Each app that has demo data provides `<app>/demo.py` with a `build(**options)`
function; they run in dependency order (partners, cases, assessments, family_plans,
reporting). Every builder is idempotent, so running the command twice creates
nothing new. Demo logins share one password, which exists only in development.
"""

from __future__ import annotations

import importlib
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

BUILD_ORDER = ["partners", "cases", "assessments", "family_plans", "reporting"]


class Command(BaseCommand):
    help = "Create demo zones, agencies, staff and families (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--families",
            type=int,
            default=2000,
            help="How many demo families to build (default 2000).",
        )
        parser.add_argument(
            "--once", action="store_true", help="Do nothing if demo data has been loaded before."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = getattr(settings, "DEMO_PASSWORD", "")
        if not password:
            raise CommandError("Demo data is for development only (DEMO_PASSWORD is not set).")
        from partners.models import Agency

        if options["once"] and Agency.objects.exists():
            self.stdout.write("Demo data already loaded; keeping it.")
            return
        started = time.monotonic()
        for app in BUILD_ORDER:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name == f"{app}.demo":
                    continue
                raise
            counts = module.build(
                password=password, families=options["families"], stdout=self.stdout
            )
            summary = ", ".join(f"{v} {k}" for k, v in counts.items())
            self.stdout.write(f"{app}: {summary}")
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f}s.")
        )
