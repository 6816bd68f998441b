"""`manage.py role_table`: print the role table the README shows, from the capability
table the access policy itself reads (cases/capabilities.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cases.capabilities import role_table


class Command(BaseCommand):
    help = "Print, in Markdown, what each case role may do (the README's role table)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(role_table())
