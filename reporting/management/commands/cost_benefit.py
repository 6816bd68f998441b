"""`manage.py cost_benefit --year YEAR [--zone NAME] [--json]`: the figures, for scripts."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partners.models import Zone
from reporting.costs.figures import cost_benefit


class Command(BaseCommand):
    help = "Annual cost of late intervention and the value of 1% and 5% reductions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--zone", default=None)
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        zone = None
        if options["zone"]:
            zone = Zone.objects.filter(name__iexact=options["zone"]).first()
            if zone is None:
                raise CommandError(f"No zone is called '{options['zone']}'")
        figures = cost_benefit(year=options["year"], zone=zone)
        if options["json"]:
            self.stdout.write(json.dumps(figures.as_json(), indent=2))
            return
        for row in figures.rows:
            self.stdout.write(
                f"{row.cost_item:<60} £{row.annual_cost:>14,}  "
                f"1%: £{row.reduction_1pct:>12,}  5%: £{row.reduction_5pct:>12,}"
            )
        self.stdout.write(
            f"{'Total':<60} £{figures.total_annual_cost:>14,}  "
            f"1%: £{figures.total_reduction_1pct:>12,}  "
            f"5%: £{figures.total_reduction_5pct:>12,}"
        )
