"""The bench data set: a partnership of N families over five years, built in bulk.

`manage.py seed_bench --families N` calls `build(families=N)`. The demo borough's
reference data, zones, agencies and named staff come first (`seed_demo` at a few
families); then every volume is written by set-based INSERT ... SELECT statements on the
server, never a save per row. For N = 100,000:

    families 100,000; people ~250,000; cases 150,000 in every state over five years;
    case notes 1,000,000 (one case has 300); Outcome Star readings 300,000;
    plan actions 400,000; TAF meetings 100,000; audit entries 1,000,000;
    40 agencies; 2,000 users.

The skew is a real partnership's: the council's early help service leads half the
cases, the north zone holds 40 % of families, `bench.practitioner@` leads exactly 40
open cases while other practitioners lead hundreds, and one case has 300 notes.

The bulk rows skip the row triggers (session_replication_role = replica), so no history
rows are written for them; audit entries are inserted with the triggers on, so the
hash chain is built by the database exactly as in production and `verify_audit` passes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection

from composition import bench_sql as q

BENCH_DOMAIN = "bench.example"
PRACTITIONER_EMAIL = f"bench.practitioner@{BENCH_DOMAIN}"
BIG_CASE_NOTES = 300
MARKER_TABLE = "bench_seed"


@dataclass(frozen=True)
class Volumes:
    """How many rows of each kind the bench holds for `families` families."""

    families: int

    def scaled(self, per_100k: int) -> int:
        return max(1, per_100k * self.families // 100_000)

    @property
    def cases(self) -> int:
        return self.families * 3 // 2

    @property
    def notes(self) -> int:
        return max(self.scaled(1_000_000), BIG_CASE_NOTES + 100)

    @property
    def star_readings(self) -> int:
        return self.scaled(300_000)

    @property
    def actions(self) -> int:
        return self.scaled(400_000)

    @property
    def taf_meetings(self) -> int:
        return self.scaled(100_000)

    @property
    def audit_entries(self) -> int:
        return self.scaled(1_000_000)

    @property
    def users(self) -> int:
        return max(100, self.scaled(2_000))


def built_families() -> int | None:
    """The N of the bench already in this database, or None."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT max(families) FROM {MARKER_TABLE}")  # noqa: S608
        row = cursor.fetchone()
        return int(row[0]) if row and row[0] is not None else None


# The tables the bulk statements fill: their secondary indexes are dropped first and
# built again at the end, which is faster than keeping them up to date row by row.
BULK_TABLES = (
    "cases_family",
    "cases_person",
    "cases_householdmember",
    "cases_personidentifier",
    "cases_familynames",
    "cases_case",
    "cases_casetransition",
    "cases_enquiry",
    "cases_chronologyentry",
    "cases_casenote",
    "assessments_starreading",
    "assessments_starscore",
    "family_plans_familyplan",
    "family_plans_planoutcome",
    "family_plans_planaction",
    "family_plans_tafmeeting",
    "cases_auditentry",
)


def _drop_secondary_indexes(tables: tuple[str, ...]) -> list[str]:
    """Drop the indexes that back no constraint; return their definitions."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
               FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
               WHERE t.relname = ANY(%s) AND NOT i.indisunique AND NOT i.indisprimary
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""",
            [list(tables)],
        )
        rows = cursor.fetchall()
        for name, _definition in rows:
            cursor.execute(f"DROP INDEX {name}")
    return [definition for _name, definition in rows]


def _sql(statement: str, params: dict[str, Any] | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or {})
        return cursor.rowcount


def build(*, families: int, say: Callable[[str], None]) -> dict[str, float]:
    """Write the bench volumes into an empty (migrated, demo-seeded) database."""
    v = Volumes(families)
    timings: dict[str, float] = {}
    p: dict[str, Any] = {
        "families": v.families,
        "cases": v.cases,
        "notes": v.notes,
        "readings": v.star_readings,
        "actions": v.actions,
        "tafs": v.taf_meetings,
        "audit": v.audit_entries,
        "users": v.users,
        "big": BIG_CASE_NOTES,
        "domain": BENCH_DOMAIN,
        "practitioner": PRACTITIONER_EMAIL,
        "surnames": q.SURNAMES,
        "given": q.GIVEN,
        "note_text": q.NOTE_TEXT,
    }

    def step(name: str, statements: list[str]) -> None:
        started = time.monotonic()
        rows = 0
        slow = []
        for statement in statements:
            began = time.monotonic()
            rows += _sql(statement, p)
            took = time.monotonic() - began
            if took >= 1:
                slow.append(f"{' '.join(statement.split()[:3])} {took:.1f}s")
        timings[name] = time.monotonic() - started
        say(
            f"  {name}: {rows:,} rows in {timings[name]:.1f}s"
            + (f" ({'; '.join(slow)})" if slow else "")
        )

    _sql("SELECT setseed(0.42)")
    _sql("SET maintenance_work_mem = '256MB'")
    try:
        _sql("SET session_replication_role = replica")
        replica = True
    except Exception:  # not a superuser: the triggers run, only slower
        replica = False
        say("  (triggers stay on: the role may not set session_replication_role)")
    step("agencies and users", q.STAFF)
    # Inside a caller's transaction (the test suite's), foreign key checks of the demo's
    # rows wait for the commit, and no index of those tables may change while they wait.
    _sql("SET CONSTRAINTS ALL IMMEDIATE")
    started = time.monotonic()
    dropped = _drop_secondary_indexes(BULK_TABLES)
    timings["drop indexes"] = time.monotonic() - started
    try:
        step("families and people", q.FAMILIES)
        step("cases", q.CASES)
        step("case notes and chronology", q.NOTES)
        step("Star readings", q.STARS)
        step("plans, actions and TAF meetings", q.PLANS)
        if replica:
            step("audit entries", q.AUDIT_BULK)
            _sql("SET session_replication_role = origin")
        else:
            step("audit entries", q.AUDIT)
    finally:
        started = time.monotonic()
        for definition in dropped:
            _sql(definition)
        timings["indexes"] = time.monotonic() - started
        say(f"  {len(dropped)} secondary indexes built again in {timings['indexes']:.1f}s")
    step("sequences", q.SEQUENCES)
    started = time.monotonic()
    # Vacuumed as well as analysed, as autovacuum leaves a live database: the pages'
    # visibility map set lets PostgreSQL answer from an index alone, and a server with
    # autovacuum off (as some are) would otherwise be measured as no live one runs.
    # VACUUM cannot run in a transaction (the suite's smoke builds the bench in one).
    maintenance = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    _sql(maintenance)
    timings["analyze"] = time.monotonic() - started
    say(f"  {maintenance} in {timings['analyze']:.1f}s")
    _sql(
        f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} "
        "(families integer, seconds double precision, built_at timestamptz default now())"
    )
    _sql(
        f"INSERT INTO {MARKER_TABLE} (families, seconds) VALUES (%(f)s, %(s)s)",  # noqa: S608
        {"f": families, "s": sum(timings.values())},
    )
    return timings
