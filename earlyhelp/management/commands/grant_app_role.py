"""`manage.py grant_app_role ROLE`: give the app's database role what it needs and no more.

Run as the owner role after every `migrate` (docker-compose's migrate job does), so new
tables are covered. See earlyhelp/db_roles.py; `--print` shows the SQL instead.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from earlyhelp.db_roles import app_role_grants, grant_app_role


class Command(BaseCommand):
    help = "Grant the app's database role its privileges (audit tables: SELECT and INSERT only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", help="The role the web, worker and beat connect as")
        parser.add_argument("--print", action="store_true", help="Print the SQL; run nothing")

    def handle(self, *args: Any, role: str, **options: Any) -> None:
        if options["print"]:
            for statement in app_role_grants(role):
                self.stdout.write(statement + ";")
            return
        grant_app_role(role)
        self.stdout.write(self.style.SUCCESS(f"Granted the app's privileges to {role}."))
