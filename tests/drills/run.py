"""`make drills` / `make drills-quick`: faults on the real stack, and what survived them.

    python -m tests.drills.run            # every drill
    python -m tests.drills.run --quick    # database restart and broker outage (~3 min)
    python -m tests.drills.run --only backup_restore

Starts the drills' own stack (tests/drills/stack.py), runs each drill, prints one
`name: value` line per figure and writes them all to var/drills/latest.json. Exits 1
when a figure misses its promise (PROMISES below), so CI fails on a regression.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.drills import drills
from tests.drills.stack import VAR, running, say

Figures = dict[str, Any]

DRILLS: dict[str, Callable[..., Figures]] = {
    "db_restart": drills.db_restart,
    "broker_outage": drills.broker_outage,
    "backup_restore": drills.backup_restore,
    "worker_kill": drills.worker_kill,
    "soak": drills.soak,
    "fuzz": drills.fuzz,
}
QUICK = ("db_restart", "broker_outage")

# What each figure must be for the drill to pass.
PROMISES: dict[str, Callable[[Any], bool]] = {
    "db_restart_acknowledged_lost": lambda v: v == 0,
    "db_restart_duplicates": lambda v: v == 0,
    "broker_outage_page_errors": lambda v: v == 0,
    "broker_outage_reminders_lost": lambda v: v == 0,
    "broker_outage_duplicates": lambda v: v == 0,
    "worker_kill_rollup_equal": lambda v: v is True,
    "worker_kill_export_done": lambda v: v is True,
    "restore_verify_audit": lambda v: v == "ok",
    "restore_checksums_equal": lambda v: v is True,
    "soak_errors": lambda v: v == 0,
    "soak_worker_rss_growth_pct": lambda v: v <= 20,
    "fuzz_5xx": lambda v: v == 0,
    "fuzz_partial_writes": lambda v: v == 0,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.drills.run")
    parser.add_argument("--quick", action="store_true", help="database restart and broker outage")
    parser.add_argument("--only", action="append", choices=sorted(DRILLS), default=[])
    parser.add_argument("--families", type=int, default=int(os.environ.get("DRILL_FAMILIES", 30)))
    parser.add_argument("--fresh", action="store_true", help="start from an empty var/drills/")
    args = parser.parse_args(argv)
    chosen = args.only or (list(QUICK) if args.quick else list(DRILLS))
    if args.fresh and VAR.exists():
        import shutil

        shutil.rmtree(VAR)
    figures: Figures = {}
    started = time.time()
    with running(families=args.families) as stack:
        context = drills.Context.for_stack(stack)
        for name in chosen:
            say(f"drill: {name}")
            try:
                found = DRILLS[name](stack, context)
            except Exception as exc:  # a drill that cannot finish is a failed drill
                say(f"{name} could not finish: {type(exc).__name__}: {exc}")
                found = {f"{name}_error": f"{type(exc).__name__}: {exc}"[:300]}
            for key, value in found.items():
                print(f"{key}: {value}", flush=True)
            figures.update(found)
    broken = sorted(
        key for key, check in PROMISES.items() if key in figures and not check(figures[key])
    )
    broken += sorted(key for key in figures if key.endswith("_error"))
    record = {
        "figures": figures,
        "drills": chosen,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started)),
        "seconds": round(time.time() - started),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "passed": not broken,
        "broken": broken,
    }
    Path(VAR).mkdir(parents=True, exist_ok=True)
    (VAR / "latest.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    say(f"figures written to {VAR / 'latest.json'}")
    if broken:
        say("promises broken: " + ", ".join(broken))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
