"""`make bench`: build or reuse the bench database, measure, print, write var/bench/latest.json.

    python -m tests.bench.run [--families N] [--requests 50] [--runs 3] [--load-seconds 60]

The bench lives in a database of its own beside DATABASE_URL's (`<name>_bench`), so the
development data and the test databases are never touched; a bench already built for at
least N families is reused. Every figure is the median of three runs in the one invocation
(`--runs`; error counts are the sum of the runs); figures are printed one `name: value` a
line and written to var/bench/latest.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench" / "latest.json"


def bench_database_url(url: str) -> str:
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "earlyhelp"
    return urlunsplit(parts._replace(path=f"/{name}_bench"))


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Each figure's median over the runs; errors are added up instead, so none is hidden."""
    merged: dict[str, Any] = {}
    for name in runs[0]:
        values = [run[name] for run in runs if name in run]
        if not all(isinstance(v, int | float) for v in values):
            merged[name] = values[-1]
        elif name.endswith("errors"):
            merged[name] = sum(values)
        else:
            middle = statistics.median(values)
            merged[name] = round(middle, 2) if isinstance(middle, float) else middle
    return merged


def timed(fn: object) -> float:
    started = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> dict[str, float | str]:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--families", type=int, default=int(os.environ.get("BENCH_FAMILIES", "100000"))
    )
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument(
        "--runs", type=int, default=3, help="each figure is the median of this many runs"
    )
    parser.add_argument("--load-seconds", type=float, default=60, help="0: no load run")
    parser.add_argument("--no-rollups", action="store_true", help="skip the rollups and PDF")
    args = parser.parse_args(argv)

    url = bench_database_url(os.environ["DATABASE_URL"])
    ensure_database(url)
    env = os.environ | {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "earlyhelp.settings.development",
    }
    started = time.perf_counter()
    manage("migrate", "--verbosity", "0", env=env)
    manage("seed_bench", "--families", str(args.families), env=env)
    seed_s = time.perf_counter() - started

    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from earlyhelp.startup_heap import freeze_startup_heap

    freeze_startup_heap()  # as each web process does once started (earlyhelp/wsgi.py)
    from tests.bench import pages
    from tests.identity.sessions import forced_logins_fully_signed_in

    figures: dict[str, float | str] = {
        "families": args.families,
        "seed_or_reuse_s": round(seed_s, 1),
    }
    # The rollups first: the scorecard page then reads the whole data set's snapshots.
    # Every figure is the median of `runs` runs in this one invocation (errors: the sum).
    runs = max(1, args.runs)
    figures["runs"] = runs
    if not args.no_rollups:
        figures |= median_of([rollups_and_pdf() for _ in range(runs)])
        vacuum_the_snapshots()
    with forced_logins_fully_signed_in():
        figures |= median_of([pages.measure(requests=args.requests) for _ in range(runs)])
    figures["scoped_over_unscoped"] = round(
        statistics.median(pages.scoped_over_unscoped() for _ in range(runs)), 2
    )
    write(figures)  # what is measured so far survives a failure of the load run
    if args.load_seconds:
        from tests.bench.load_run import load_figures

        figures |= median_of([load_figures(env, seconds=args.load_seconds) for _ in range(runs)])
    figures["date"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    figures["machine"] = f"{platform.node()} {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
    for name, value in figures.items():
        print(f"{name}: {value}")
    write(figures)
    return figures


def write(figures: dict[str, Any]) -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=2) + "\n")


def vacuum_the_snapshots() -> None:
    """Clear the snapshot rows the rollups replaced, as autovacuum does on a live database.

    Each rollup replaces the snapshots of the months it covers, so each all-months rollup
    leaves a dead row for every live one. This machine's PostgreSQL runs without
    autovacuum: after three bench runs the scorecard page read about eight dead rows for
    every live one (49 ms a page against 38 ms once vacuumed).
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) reporting_scorecardsnapshot")


def rollups_and_pdf() -> dict[str, float | str]:
    from cases.models import Case
    from partners.models import Membership
    from reporting.exports.case_pdf import render_case_html
    from reporting.exports.pdf import render_pdf
    from reporting.scorecard.engine import default_range, rollup
    from tests.bench import pages

    first, last = default_range()
    month_s = timed(lambda: rollup(first=last, last=last))
    all_s = timed(lambda: rollup(first=first, last=last))
    case = Case.objects.get(pk=pages.big_case_id())
    viewer = Membership.objects.filter(role="manager", agency__runs_service=True).first().user  # type: ignore[union-attr]
    pdf_s = timed(lambda: render_pdf(str(render_case_html(case=case, viewer=viewer))))
    return {
        "rollup_month_s": round(month_s, 2),
        "rollup_all_s": round(all_s, 2),
        "pdf_300_s": round(pdf_s, 2),
    }


if __name__ == "__main__":
    main()
