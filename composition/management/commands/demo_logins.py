"""Print the URL and the demo logins (development only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from partners.demo import HEADLINE_LOGINS, email_for


class Command(BaseCommand):
    help = "Print where the app runs and who to sign in as."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args: Any, **options: Any) -> None:
        password = getattr(settings, "DEMO_PASSWORD", "")
        w = self.stdout.write
        w("")
        w(self.style.SUCCESS(f"{settings.SERVICE_NAME} is running at {options['url']}"))
        w("")
        w(f"Demo logins (every demo user's password is: {password}):")
        for login, what in HEADLINE_LOGINS:
            w(f"  {email_for(login):<45} {what}")
        w("  ...and about 60 more: see partners/demo.py (DEMO_PEOPLE).")
        totp_key = getattr(settings, "DEMO_TOTP_KEY", "")
        if totp_key:
            w("")
            w("Second factor: every demo account uses the authenticator key")
            w(f"  {totp_key}")
            w("  (add it to an authenticator app, or run `.venv/bin/python manage.py demo_code`")
            w("  for the current 6-digit code; development only).")
        w("")
