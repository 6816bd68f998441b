"""The load run of `make bench`: gunicorn with 2 x cores + 1 workers on loopback, and a
mixed journey from this (second) process: practitioners, coordinators and a partner
agency's practitioners, signed in with both factors, reading the pages of their day,
each reading a page for 1 to 5 seconds before the next.

Then the audit chain under load: case summaries only, at 50 users, once as the product
runs (every view writes a chained audit entry under the chain's lock) and once with the
audit write stubbed out in the web workers (tests/bench/gunicorn_no_audit.py). The two
rates show whether the chain's single lock is what limits reads.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psycopg
import requests

from tests.drills.load import Practitioner

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "early-help-demo")
DEMO_TOTP_KEY = os.environ.get("DEMO_TOTP_KEY", "EARLYHELPDEMOTOTPKEY234567ABCDEF")
DOMAIN = "northborough.example"
# Who takes part, and the pages of their journey (a case id is filled in per request).
JOURNEYS: dict[str, tuple[str, list[str]]] = {
    "family.worker.north1": ("agency", ["/my-cases/", "/my-work/", "case", "notes"]),
    "family.worker.south1": ("agency", ["/my-cases/", "/my-work/", "case", "notes"]),
    "family.worker.east1": ("agency", ["/my-cases/", "case", "chronology", "notes"]),
    "coordinator.north": ("agency", ["/front-door/", "/caseloads/", "case"]),
    "coordinator.south": ("agency", ["/front-door/", "case", "chronology"]),
    "health.visitor1": ("partner", ["/my-cases/", "case", "notes"]),
}


# A person reads each page before the next: 1 to 5 seconds (Locust's own example of a
# user's wait), fast for someone reading a case. The case views per second below are the
# other extreme: 50 people asking again the moment each page arrives, the capacity.
THINK_SECONDS = (1.0, 5.0)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_web(env: dict[str, str], port: int, config: str | None = None) -> subprocess.Popen[bytes]:
    workers = 2 * (os.cpu_count() or 1) + 1
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "earlyhelp.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "60",
    ]
    if config:
        command += ["--config", config]
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    log = (ROOT / "var" / "bench" / "gunicorn.log").open("ab")
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code < 500:
                return process
        except requests.RequestException:
            time.sleep(0.5)
    stop_web(process)
    raise RuntimeError("gunicorn did not answer within 2 minutes")


def stop_web(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def case_ids(database_url: str) -> dict[str, list[int]]:
    """Open cases led by the council's service, and by the health visitors' agency."""
    with psycopg.connect(database_url) as conn:
        agency = [
            r[0]
            for r in conn.execute(
                "SELECT c.id FROM cases_case c JOIN partners_agency a ON a.id = c.lead_agency_id "
                "WHERE a.runs_service AND c.state <> 'closed' ORDER BY c.id LIMIT 400"
            )
        ]
        partner = [
            r[0]
            for r in conn.execute(
                "SELECT c.id FROM cases_case c JOIN partners_membership m "
                "ON m.agency_id = c.lead_agency_id JOIN partners_user u ON u.id = m.user_id "
                "WHERE u.email = %s AND c.state <> 'closed' ORDER BY c.id LIMIT 200",
                (f"health.visitor1@{DOMAIN}",),
            )
        ]
    return {"agency": agency, "partner": partner}


class Run:
    """Users in threads for a while; latencies and errors of every request."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.by_page: dict[str, list[float]] = {}
        self.errors = 0
        self.lock = threading.Lock()

    def get(self, user: Practitioner, url: str, page: str) -> None:
        started = time.monotonic()
        try:
            ok = user.session.get(url, timeout=30, allow_redirects=False).status_code == 200
        except requests.RequestException:
            ok = False
        took = time.monotonic() - started
        with self.lock:
            self.latencies.append(took)
            self.by_page.setdefault(page, []).append(took)
            self.errors += 0 if ok else 1

    def figures(self, seconds: float) -> dict[str, float]:
        """Requests a second, errors, and the p95 overall and of each page of the journey,
        so a slow p95 says which page it comes from."""
        figures = {
            "rps": round(len(self.latencies) / seconds, 1),
            "p95_ms": _p95_ms(self.latencies),
            "errors": self.errors,
        }
        for page, latencies in sorted(self.by_page.items()):
            figures[f"p95_ms_{page.strip('/').replace('-', '_')}"] = _p95_ms(latencies)
        return figures


def _p95_ms(latencies: list[float]) -> float:
    ordered = sorted(latencies) or [0.0]
    return round(ordered[int(len(ordered) * 0.95)] * 1000, 1)


def drive(
    base: str,
    sessions: list[tuple[Practitioner, str, list[str]]],
    cases: dict[str, list[int]],
    users: int,
    seconds: float,
    *,
    only_case_pages: bool = False,
) -> dict[str, float]:
    run = Run()
    until = time.monotonic() + seconds

    def one(n: int) -> None:
        rng = random.Random(n)
        user, scope, pages = sessions[n % len(sessions)]
        if not only_case_pages:
            time.sleep(rng.uniform(0, THINK_SECONDS[1]))  # people arrive over a few seconds
        while time.monotonic() < until:
            page = "case" if only_case_pages else rng.choice(pages)
            if page.startswith("/"):
                url = f"{base}{page}"
            else:
                case = rng.choice(cases[scope])
                tab = "" if page == "case" else f"{page}/"
                url = f"{base}/cases/{case}/{tab}"
            run.get(user, url, page)
            if not only_case_pages:
                time.sleep(rng.uniform(*THINK_SECONDS))

    threads = [threading.Thread(target=one, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return run.figures(seconds)


def sign_in_all(base: str) -> list[tuple[Practitioner, str, list[str]]]:
    sessions = []
    for name, (scope, pages) in JOURNEYS.items():
        user = Practitioner.sign_in(
            base, f"{name}@{DOMAIN}", password=DEMO_PASSWORD, totp_key=DEMO_TOTP_KEY
        )
        sessions.append((user, scope, pages))
    return sessions


def load_figures(env: dict[str, str], seconds: float = 60) -> dict[str, Any]:
    """The load run at 20 and 50 users, then case views per second with and without audit."""
    env = env | {
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "API_RATE_LIMIT": "100000/minute",
        "CONN_MAX_AGE": "60",
    }
    cases = case_ids(env["DATABASE_URL"])
    figures: dict[str, Any] = {"load_workers": 2 * (os.cpu_count() or 1) + 1}
    for audited in (True, False):
        port = free_port()
        config = None if audited else str(Path(__file__).with_name("gunicorn_no_audit.py"))
        web = start_web(env, port, config)
        base = f"http://127.0.0.1:{port}"
        try:
            sessions = sign_in_all(base)
            if audited:
                for users in (20, 50):
                    result = drive(base, sessions, cases, users, seconds)
                    figures[f"load_{users}_rps"] = result["rps"]
                    figures[f"load_{users}_p95_ms"] = result["p95_ms"]
                    figures[f"load_{users}_errors"] = result["errors"]
                    if users == 50:
                        figures |= {
                            f"load_50_{name}": value
                            for name, value in result.items()
                            if name.startswith("p95_ms_")
                        }
                figures["load_p95_ms"] = figures["load_50_p95_ms"]
                figures["load_errors"] = figures["load_20_errors"] + figures["load_50_errors"]
                figures["rps"] = figures["load_50_rps"]
            views = drive(base, sessions, cases, 50, seconds / 2, only_case_pages=True)
            key = "case_views_per_s_audited" if audited else "case_views_per_s_unaudited"
            figures[key] = views["rps"]
        finally:
            stop_web(web)
    figures["audit_cost_share"] = round(
        1 - figures["case_views_per_s_audited"] / max(figures["case_views_per_s_unaudited"], 0.1),
        2,
    )
    return figures
