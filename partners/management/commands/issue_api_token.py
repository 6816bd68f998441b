"""`manage.py issue_api_token --agency NAME --scope read|write [--days N] [--name TEXT]`

Prints the token once: only its hash is kept.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partners.models import Agency
from partners.services import api_token_issue


class Command(BaseCommand):
    help = "Issue an API token to an agency's system and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="The agency's exact name.")
        parser.add_argument("--scope", required=True, choices=["read", "write"])
        parser.add_argument("--days", type=int, default=365, help="Days until it expires.")
        parser.add_argument("--name", default="", help="What system will use it.")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(
            name__iexact=options["agency"].strip(), is_active=True
        ).first()
        if agency is None:
            raise CommandError(f"No active agency is called '{options['agency']}'.")
        try:
            row, token = api_token_issue(
                actor=None,
                agency=agency,
                scope=options["scope"],
                days=options["days"],
                name=options["name"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Token for {agency.name} ({row.scope}), expires "
            f"{row.expires_at:%d %B %Y}. Copy it now: it is not shown again."
        )
        self.stdout.write(token)
