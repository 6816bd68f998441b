"""Build the bench data set: `manage.py seed_bench --families N` (composition/bench_data.py).

Run it on a database of its own (`make bench` uses `<database>_bench`): it loads the demo
borough's reference data and staff first, then writes the volumes in bulk. A database
that already holds a bench of at least N families is reused as it is.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from composition import bench_data


class Command(BaseCommand):
    help = "Build (or reuse) the bench data set of N families, in bulk."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--families", type=int, default=100_000)

    def handle(self, *args: Any, **options: Any) -> None:
        families = options["families"]
        if families < 100:
            raise CommandError("The bench needs at least 100 families.")
        started = time.monotonic()
        built = bench_data.built_families()
        if built is not None:
            if built >= families:
                self.stdout.write(f"seed_bench: reusing the bench of {built:,} families")
                return
            raise CommandError(
                f"This database holds a bench of {built:,} families; drop it to build {families:,}."
            )
        self.stdout.write(f"seed_bench: building {families:,} families")
        call_command("seed_demo", "--families", "20", verbosity=0)
        self.stdout.write(f"  demo reference data and staff: {time.monotonic() - started:.1f}s")
        bench_data.build(families=families, say=self.stdout.write)
        self.stdout.write(f"seed_bench: {families:,} families in {time.monotonic() - started:.1f}s")
