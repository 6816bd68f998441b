"""The drills: each puts a fault into the running stack while people work, then counts
what survived. Each returns its figures as {name: value}.
"""

from __future__ import annotations

import contextlib
import email
import email.utils
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from tests.drills.load import Load, Practitioner
from tests.drills.stack import DATABASE, ROOT, Stack, say, wait_for

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "early-help-demo")
DEMO_TOTP_KEY = os.environ.get("DEMO_TOTP_KEY", "EARLYHELPDEMOTOTPKEY234567ABCDEF")

# Tables whose rows and content a restore must bring back exactly.
KEY_TABLES = (
    "cases_case",
    "cases_casenote",
    "family_plans_planaction",
    "family_plans_planoutcome",
    "cases_auditentry",
    "cases_auditcheckpoint",
    "partners_user",
)


@dataclass
class Context:
    """Signed-in practitioners, each with the cases they lead."""

    base: str
    users: list[Practitioner] = field(default_factory=list)

    @classmethod
    def for_stack(cls, stack: Stack, most: int = 8) -> Context:
        rows = stack.postgres.psql(
            "SELECT u.email, c.id FROM cases_case c "
            "JOIN partners_user u ON u.id = c.lead_practitioner_id "
            "JOIN family_plans_familyplan p ON p.case_id = c.id "
            "WHERE c.state = 'plan_and_review' AND EXISTS "
            "(SELECT 1 FROM family_plans_planoutcome o WHERE o.plan_id = p.id) ORDER BY 1, 2"
        )
        leads: dict[str, set[int]] = {}
        for line in rows.splitlines():
            email_address, case_id = line.split("|")
            leads.setdefault(email_address, set()).add(int(case_id))
        context = cls(stack.url)
        for email_address in list(leads)[:most]:
            user = Practitioner.sign_in(
                stack.url, email_address, password=DEMO_PASSWORD, totp_key=DEMO_TOTP_KEY
            )
            if user.find_work(only=leads[email_address]):
                context.users.append(user)
        if not context.users:
            raise RuntimeError("no practitioner leads a case with a plan in the demo data")
        say(f"{len(context.users)} practitioners signed in")
        return context


def _connect(stack: Stack, database: str = DATABASE) -> psycopg.Connection[Any]:
    return psycopg.connect(stack.postgres.url(database), autocommit=True, connect_timeout=5)


def _count_marked(stack: Stack, marker: str) -> Counter[str]:
    """How many notes and actions carry each key written under `marker`."""
    found: Counter[str] = Counter()
    with _connect(stack) as conn:
        for sql in (
            "SELECT text FROM cases_casenote WHERE text LIKE %s",
            "SELECT what FROM family_plans_planaction WHERE what LIKE %s",
        ):
            for (text,) in conn.execute(sql, (f"{marker}:%",)):
                found[text.split(":", 1)[1]] += 1
    return found


def _in_threads(load: Load, seconds: float, threads: int, write_share: float) -> threading.Thread:
    """Run `threads` sessions (sharing the signed-in users) in the background."""
    until = time.monotonic() + seconds

    def all_sessions() -> None:
        workers = [
            threading.Thread(
                target=load.work,
                args=(load.users[n % len(load.users)], until),
                kwargs={"write_share": write_share, "seed": n},
            )
            for n in range(threads)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    runner = threading.Thread(target=all_sessions)
    runner.start()
    return runner


# --------------------------------------------------------------------------- database


def db_restart(stack: Stack, context: Context, seconds: float = 60) -> dict[str, Any]:
    """Writers add notes and plan actions for `seconds` while PostgreSQL restarts twice."""
    load = Load(context.base, context.users, marker=f"dbr-{uuid.uuid4().hex[:6]}")
    runner = _in_threads(load, seconds, threads=8, write_share=1.0)
    restarts: list[tuple[float, float]] = []
    origin = time.monotonic()
    for at in (seconds * 0.25, seconds * 0.65):
        time.sleep(max(0.0, origin + at - time.monotonic()))
        began = time.time()
        stack.postgres.restart()
        restarts.append((began, time.time()))
        say(f"PostgreSQL restarted in {restarts[-1][1] - began:.1f} s")
    runner.join()
    found = _count_marked(stack, load.marker)
    acknowledged = {w.key for w in load.writes if w.acknowledged}
    recovery = []
    for began, _ended in restarts:
        after = [t for t in load.successes if t > began]
        recovery.append(min(after) - began if after else float("inf"))
    return {
        "db_restart_writes": len(load.writes),
        "db_restart_acknowledged": len(acknowledged),
        "db_restart_acknowledged_lost": len(acknowledged - set(found)),
        "db_restart_duplicates": sum(n - 1 for n in found.values()),
        "db_restart_unacknowledged": len(load.writes) - len(acknowledged),
        "db_restart_failed_requests": load.report()["errors"],
        "db_restart_recovery_s": round(max(recovery), 2),
    }


# --------------------------------------------------------------------------- broker


def _mail_since(folder: Path, since: float) -> list[tuple[str, str, str]]:
    """(to, subject, body digest) of every message the app wrote to files since `since`."""
    messages: list[tuple[str, str, str]] = []
    if not folder.exists():
        return messages
    separator = b"\n" + b"-" * 79 + b"\n"
    for path in folder.glob("*.log"):
        if path.stat().st_mtime < since:
            continue
        for chunk in path.read_bytes().split(separator):
            if not chunk.strip():
                continue
            message = email.message_from_bytes(chunk.strip())
            date = message.get("Date")
            if date is not None:
                sent = email.utils.parsedate_to_datetime(date).timestamp()
                if sent < since - 1:
                    continue
            payload = message.get_payload(decode=False)
            digest = hashlib.sha256(str(payload).encode()).hexdigest()
            messages.append((str(message["To"]), str(message["Subject"]), digest))
    return messages


def _stack_manage_code(stack: Stack, code: str) -> str:
    return stack.manage("shell", "--no-startup", "-c", code, timeout=300)


def broker_outage(stack: Stack, context: Context, outage: float = 30) -> dict[str, Any]:
    """Redis stops for `outage` seconds while people work and reminders fall due."""
    load = Load(context.base, context.users, marker=f"bro-{uuid.uuid4().hex[:6]}")
    started = time.time()
    with _connect(stack) as conn:
        db_started = conn.execute("SELECT now()").fetchone()[0]  # type: ignore[index]
    runner = _in_threads(load, outage + 15, threads=8, write_share=0.3)
    time.sleep(5)
    stack.redis.stop()
    say("Redis stopped")
    down_at = time.time()
    # Reminders fall due while the broker is away: the drill's own actions go overdue,
    # and the daily reminders run as beat would run them.
    time.sleep(5)
    with _connect(stack) as conn:
        conn.execute(
            "UPDATE family_plans_planaction SET start_on = current_date - 20, "
            "due_on = current_date - 2 WHERE what LIKE %s",
            (f"{load.marker}:%",),
        )
    sent = _stack_manage_code(
        stack, "from family_plans.reminders import reminders_send; print(reminders_send())"
    )
    say(f"reminders run during the outage: {sent.strip()[-200:]}")
    # An invitation too: a TAF meeting arranged while the broker is away.
    user = context.users[0]
    work = user.cases[0]
    with _connect(stack) as conn:
        lead = conn.execute(
            "SELECT lead_practitioner_id FROM cases_case WHERE id = %s", (work.case_id,)
        ).fetchone()[0]  # type: ignore[index]
    soon = time.strftime("%Y-%m-%dT10:00:00Z", time.gmtime(time.time() + 7 * 86400))
    later = time.strftime("%Y-%m-%dT11:00:00Z", time.gmtime(time.time() + 7 * 86400))
    arranged = user.api(
        "POST",
        f"/cases/{work.case_id}/meetings/",
        json={
            "starts_at": soon,
            "ends_at": later,
            "location": "Family hub",
            "invite": [f"worker:{lead}"],
            "others": [],
        },
    )
    meeting_id = arranged.json().get("id") if arranged.status_code == 201 else None
    if meeting_id is None:
        say(f"the meeting was not arranged: {arranged.status_code} {arranged.text[:200]}")
    time.sleep(max(0.0, outage - (time.time() - down_at)))
    stack.redis.start()
    say(f"Redis back after {time.time() - down_at:.0f} s")
    runner.join()

    def undelivered() -> int:
        with _connect(stack) as conn:
            notifications = conn.execute(
                "SELECT count(*) FROM partners_notification WHERE created_at >= %s "
                "AND email_wanted AND emailed_at IS NULL",
                (db_started,),
            ).fetchone()[0]  # type: ignore[index]
            invitations = 0
            if meeting_id is not None:
                invitations = conn.execute(
                    "SELECT count(*) FROM family_plans_meetinginvitee i "
                    "JOIN family_plans_tafmeeting m ON m.id = i.meeting_id "
                    "WHERE m.id = %s AND i.email <> '' AND i.removed_at IS NULL "
                    "AND i.sent_sequence < m.sequence",
                    (meeting_id,),
                ).fetchone()[0]  # type: ignore[index]
        return int(notifications) + int(invitations)

    with contextlib.suppress(TimeoutError):
        wait_for(lambda: undelivered() == 0, 240, "delivery after the outage")
    with _connect(stack) as conn:
        reminders = conn.execute(
            "SELECT count(*) FROM partners_notification WHERE created_at >= %s AND email_wanted",
            (db_started,),
        ).fetchone()[0]  # type: ignore[index]
    time.sleep(3)  # a duplicate delivery would come straight after the first
    mail = _mail_since(stack.root / "mail", started)
    copies = Counter(mail)
    found = _count_marked(stack, load.marker)
    acknowledged = {w.key for w in load.writes if w.acknowledged}
    return {
        "broker_outage_page_errors": load.report()["errors"],
        "broker_outage_requests": load.report()["requests"],
        "broker_outage_writes_lost": len(acknowledged - set(found)),
        "broker_outage_emails_due": int(reminders),
        "broker_outage_emails_delivered": len(mail),
        "broker_outage_reminders_lost": undelivered(),
        "broker_outage_duplicates": sum(n - 1 for n in copies.values())
        + sum(n - 1 for n in found.values()),
        "broker_outage_invitation_sent": meeting_id is not None,
    }


# --------------------------------------------------------------------------- backup


def _table_sums(conn: psycopg.Connection[Any]) -> dict[str, tuple[int, str]]:
    sums = {}
    for table in KEY_TABLES:
        row = conn.execute(
            f"SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' ORDER BY t.id)), '') "  # noqa: S608
            f"FROM {table} t"
        ).fetchone()
        assert row is not None
        sums[table] = (int(row[0]), str(row[1]))
    return sums


def backup_restore(stack: Stack, context: Context) -> dict[str, Any]:
    """pg_dump while people write; restore into a new database; check it there."""
    folder = stack.root / "backup"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    _stack_manage_code(stack, "from cases.tasks import audit_checkpoint; audit_checkpoint()")
    load = Load(context.base, context.users, marker=f"bak-{uuid.uuid4().hex[:6]}")
    runner = _in_threads(load, 25, threads=6, write_share=0.6)
    time.sleep(8)
    # The procedure (README, "Backups"): the checkpoint file first, then the dump.
    checkpoint_file = stack.root / "audit-checkpoints.log"
    kept_file = folder / "audit-checkpoints.log"
    if checkpoint_file.exists():
        shutil.copy2(checkpoint_file, kept_file)
    dump = folder / "earlyhelp.dump"
    os.chmod(folder, 0o777)  # noqa: S103 - the dump tool may run as the server's own user
    # The dump's own snapshot, held open while it is taken, so what it contains can be
    # summed at exactly the moment of the dump while the writers carry on.
    with psycopg.connect(stack.postgres.url(), connect_timeout=5) as held:
        held.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        snapshot = held.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        at_dump = _table_sums(held)
        subprocess.run(
            [
                stack.postgres.tool("pg_dump"),
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={dump}",
                stack.postgres.url(),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        held.rollback()
    runner.join()
    restored = f"{DATABASE}_restored"
    with _connect(stack, "postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        conn.execute(f'CREATE DATABASE "{restored}"')
    subprocess.run(
        [
            stack.postgres.tool("pg_restore"),
            "--no-owner",
            f"--dbname={stack.postgres.url(restored)}",
            str(dump),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    with _connect(stack, restored) as conn:
        after = _table_sums(conn)
    env = stack.env | {
        "DATABASE_URL": stack.postgres.url(restored),
        "AUDIT_CHECKPOINT_FILE": str(kept_file) if kept_file.exists() else "",
    }
    verify = subprocess.run(
        [sys.executable, "manage.py", "verify_audit"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if verify.returncode:
        say(f"verify_audit on the restore: {verify.stdout[-800:]} {verify.stderr[-800:]}")
    return {
        "restore_rows": sum(n for n, _ in at_dump.values()),
        "restore_dump_mb": round(dump.stat().st_size / 1e6, 1),
        "restore_verify_audit": "ok" if verify.returncode == 0 else "failed",
        "restore_checksums_equal": at_dump == after,
    }


# --------------------------------------------------------------------------- worker


def _rss_mb(process_group_leader: int) -> float:
    import psutil

    try:
        root = psutil.Process(process_group_leader)
    except psutil.NoSuchProcess:
        return 0.0
    processes = [root, *root.children(recursive=True)]
    total = 0
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += process.memory_info().rss
    return total / 1e6


SNAPSHOT_SUM = (
    "SELECT count(*), coalesce(md5(string_agg(concat_ws('|', measure, month, zone_id, "
    "family_hub_id, agency_id, numerator, denominator), ',' ORDER BY measure, month, "
    "zone_id NULLS FIRST, family_hub_id NULLS FIRST, agency_id NULLS FIRST)), '') "
    "FROM reporting_scorecardsnapshot"
)


def _status(stack: Stack, table: str, job_id: int) -> str:
    with _connect(stack) as conn:
        row = conn.execute(f"SELECT status FROM {table} WHERE id = %s", (job_id,)).fetchone()  # noqa: S608
    return str(row[0]) if row else ""


def _kill_while_running(stack: Stack, table: str, job_id: int) -> bool:
    """SIGKILL the worker as soon as the job is running; start a new one. Whether the
    job was still running when the worker died."""
    deadline = time.monotonic() + 120
    with _connect(stack) as conn:
        status = ""
        while status not in ("running", "done") and time.monotonic() < deadline:
            row = conn.execute(f"SELECT status FROM {table} WHERE id = %s", (job_id,)).fetchone()  # noqa: S608
            status = str(row[0]) if row else ""
    if status == "running":
        stack.stop_child("worker", signal.SIGKILL)
    midway = status == "running" and _status(stack, table, job_id) == "running"
    stack.stop_child("worker", signal.SIGKILL)
    say(f"worker killed with {table} {job_id} {'running' if midway else 'already done'}")
    stack.start_worker()
    return midway


def worker_kill(stack: Stack, context: Context) -> dict[str, Any]:
    """SIGKILL the worker in the middle of the scorecard rollup and of a case PDF export;
    after a restart both finish, and the snapshots equal those of a clean run."""
    clean_run = _stack_manage_code(
        stack,
        "from reporting.scorecard.services import rollup_now; print(rollup_now().rows)",
    )
    with _connect(stack) as conn:
        clean = conn.execute(SNAPSHOT_SUM).fetchone()
    run_id = int(
        _stack_manage_code(
            stack,
            # Left for beat's sweep to hand over (within a minute): the drill is already
            # watching when a worker starts it, however short the rebuild.
            "import datetime as dt\n"
            "from django.utils import timezone\n"
            "from reporting.models import RollupRun\n"
            "from reporting.scorecard.services import default_range\n"
            "first, last = default_range()\n"
            "run = RollupRun.objects.create(from_month=first, to_month=last, source='drill',"
            " created_at=timezone.now() - dt.timedelta(minutes=1))\n"
            "print(run.pk)",
        ).split()[-1]
    )
    rollup_midway = _kill_while_running(stack, "reporting_rolluprun", run_id)
    began = time.monotonic()
    wait_for(lambda: _status(stack, "reporting_rolluprun", run_id) == "done", 240, "the rollup")
    rollup_recovery = time.monotonic() - began
    with _connect(stack) as conn:
        after = conn.execute(SNAPSHOT_SUM).fetchone()

    case_id = context.users[0].cases[0].case_id
    job_id = int(
        _stack_manage_code(
            stack,
            "from cases.models import Case\n"
            "from partners.models import User\n"
            "from reporting.exports.services import export_request\n"
            "from reporting.exports.registry import get\n"
            f"case = Case.objects.get(pk={case_id})\n"
            "kind = get('case_pdf')\n"
            "actor = next(u for u in User.objects.filter(is_active=True).order_by('pk')"
            " if kind.allowed(u, case, {}))\n"
            "print(export_request(actor=actor, kind='case_pdf', case=case).pk)",
        ).split()[-1]
    )
    export_midway = _kill_while_running(stack, "reporting_exportjob", job_id)
    began = time.monotonic()
    with contextlib.suppress(TimeoutError):
        wait_for(lambda: _status(stack, "reporting_exportjob", job_id) == "done", 240, "export")
    export_recovery = time.monotonic() - began
    return {
        "worker_kill_rollup_rows": int(clean_run.split()[-1]),
        "worker_kill_rollup_killed_midway": rollup_midway,
        "worker_kill_rollup_recovery_s": round(rollup_recovery, 1),
        "worker_kill_rollup_equal": clean == after,
        "worker_kill_export_killed_midway": export_midway,
        "worker_kill_export_recovery_s": round(export_recovery, 1),
        "worker_kill_export_done": _status(stack, "reporting_exportjob", job_id) == "done",
    }


def soak(stack: Stack, context: Context, seconds: float = 600, users: int = 20) -> dict[str, Any]:
    """`users` sessions of mixed casework for `seconds`; errors and the worker's memory."""
    load = Load(context.base, context.users, marker=f"soak-{uuid.uuid4().hex[:6]}")
    worker = stack.children["worker"].pid
    runner = _in_threads(load, seconds, threads=users, write_share=0.2)
    time.sleep(min(60, seconds / 5))  # warmed up: imports done, pools filled
    first = _rss_mb(worker)
    runner.join()
    last = _rss_mb(worker)
    report = load.report()
    return {
        "soak_requests": report["requests"],
        "soak_errors": report["errors"],
        "soak_p95_s": round(report["p95_s"], 3),
        "soak_worker_rss_mb": round(last, 1),
        "soak_worker_rss_growth_pct": round(100 * (last - first) / first, 1) if first else 0.0,
    }


# --------------------------------------------------------------------------- hostile input

# What one answered create adds: the row a 201 stands for. Anything more is a partial
# write (a refused or failed request that left something behind).
CREATES = {
    "/notes/": "cases_casenote",
    "/consents/": "cases_consentrecord",
    "/enquiries/": "cases_enquiry",
    "/star-readings/": "assessments_starreading",
    "/plan/actions/": "family_plans_planaction",
    "/meetings/": "family_plans_tafmeeting",
}


def _row_counts(stack: Stack) -> Counter[str]:
    with _connect(stack) as conn:
        return Counter(
            {
                table: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]  # noqa: S608
                for table in CREATES.values()
            }
        )


def _hostile_text() -> Any:
    from hypothesis import strategies as st

    return st.one_of(
        st.text(max_size=50),
        st.text(min_size=5000, max_size=120_000),
        st.sampled_from(
            [
                "",
                "\x00",
                "' OR 1=1 --",
                "<script>alert(1)</script>",
                '=HYPERLINK("http://x")',
                "../../etc/passwd",
                "\ud7ff\U0010ffff" * 100,
                "9" * 400,
                "-1",
                "2026-02-31",
                "31/2/2026",
            ]
        ),
    )


def _bound(post: Any, path: str, table: str) -> Any:
    """A function of the drawn values alone (hypothesis refuses defaults)."""

    def run(values: dict[str, str]) -> None:
        post(values, path, table)

    return run


def fuzz(
    stack: Stack, context: Context, examples: int = int(os.environ.get("FUZZ_EXAMPLES", 25))
) -> dict[str, Any]:
    """Every API operation fed requests drawn from its own schema (schemathesis), and
    the note and action forms fed hostile values (hypothesis): no 5xx, and nothing left
    behind by a request that was refused."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    user = context.users[0]
    work = user.cases[0]
    with _connect(stack) as conn:
        agency = conn.execute(
            "SELECT a.name, c.family_id FROM cases_case c "
            "JOIN partners_agency a ON a.id = c.lead_agency_id WHERE c.id = %s",
            (work.case_id,),
        ).fetchone()
    assert agency is not None
    token = stack.manage("issue_api_token", "--agency", agency[0], "--scope", "write").split()[-1]
    auth = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_url(f"{stack.url}/api/schema/?format=json", headers=auth)
    own = {"case_id": work.case_id, "id": work.case_id, "family_id": agency[1]}
    statuses: Counter[int] = Counter()
    created: Counter[str] = Counter()
    server_errors: list[str] = []
    before = _row_counts(stack)

    def call(case: Any) -> None:
        try:
            response = case.call(base_url=stack.url, headers=auth | {"If-Match": '"1"'})
        except Exception as exc:  # a connection cut by the server counts as a 5xx
            statuses[599] += 1
            server_errors.append(f"{case.method} {case.path}: {type(exc).__name__}")
            return
        statuses[response.status_code] += 1
        if response.status_code >= 500:
            server_errors.append(f"{case.method} {case.path} {response.status_code}")
        if case.method.upper() == "POST" and response.status_code == 201:
            for suffix, table in CREATES.items():
                if case.path.endswith(suffix):
                    created[table] += 1

    options = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        wanted = {p.name for p in operation.path_parameters}
        strategies = [operation.as_strategy()]
        if wanted:
            values = {k: v for k, v in own.items() if k in wanted}
            strategies.append(operation.as_strategy(path_parameters=values))
        for strategy in strategies:
            given(case=strategy)(options(lambda case: call(case)))()

    # The forms, as a browser would post them, with hostile values in every field.
    from hypothesis import strategies as st

    pages = {
        f"/cases/{work.case_id}/notes/add/": (
            "cases_casenote",
            [
                "note_type",
                "text",
                "visibility",
                "contact_date-day",
                "contact_date-month",
                "contact_date-year",
                "sensitive_category",
            ],
        ),
        f"/cases/{work.case_id}/plan/outcomes/{work.outcome_ids[0]}/actions/": (
            "family_plans_planaction",
            [
                "actions-0-what",
                "actions-0-owner",
                "actions-0-start_on",
                "actions-0-due_on",
                "actions-TOTAL_FORMS",
                "actions-INITIAL_FORMS",
            ],
        ),
    }
    saved: Counter[str] = Counter()
    for path, (table, fields) in pages.items():
        form = st.fixed_dictionaries({name: _hostile_text() for name in fields})

        def post(values: dict[str, str], path: str, table: str) -> None:
            page = user.session.get(f"{stack.url}{path}", timeout=30)
            token_value = page.cookies.get("csrftoken") or user.csrf
            try:
                answer = user.session.post(
                    f"{stack.url}{path}",
                    data={**values, "csrfmiddlewaretoken": token_value},
                    headers={"Referer": f"{stack.url}{path}", "X-CSRFToken": token_value},
                    timeout=60,
                    allow_redirects=False,
                )
            except Exception as exc:
                statuses[599] += 1
                server_errors.append(f"POST {path}: {type(exc).__name__}")
                return
            statuses[answer.status_code] += 1
            if answer.status_code >= 500:
                server_errors.append(f"POST {path} {answer.status_code}")
            if answer.status_code == 302:
                saved[table] += 1

        given(values=form)(options(_bound(post, path, table)))()
    after = _row_counts(stack)
    partial = sum(
        max(0, after[table] - before[table] - created[table] - saved[table])
        for table in CREATES.values()
    )
    for line in server_errors[:10]:
        say(f"5xx: {line}")
    return {
        "fuzz_operations": len(operations),
        "fuzz_requests": sum(statuses.values()),
        "fuzz_5xx": sum(n for code, n in statuses.items() if code >= 500),
        "fuzz_partial_writes": partial,
    }
