"""Start the test OpenID Connect provider on a free loopback port, in its own database.

`running_provider()` migrates a fresh database on the same PostgreSQL server as the
tests, seeds people and the service's client registration, serves the provider with
gunicorn as a subprocess and yields where it is; it stops the process and drops the
database afterwards. No mock: the service talks to it over HTTP as to a real one.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "provider-pass-1234"

PEOPLE = [
    {"username": "mfa.user", "email": "Mfa.User@council.example", "groups": ["mfa"]},
    {"username": "plain.user", "email": "plain.user@council.example", "groups": []},
    {
        "username": "unverified.user",
        "email": "unverified.user@council.example",
        "groups": ["mfa", "unverified"],
    },
    {"username": "stranger", "email": "stranger@council.example", "groups": ["mfa"]},
]


@dataclass(frozen=True)
class Provider:
    base_url: str
    client_id: str
    client_secret: str

    def settings(self) -> dict[str, object]:
        """The service's settings for this provider."""
        return {
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.base_url}/o/authorize/",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.base_url}/o/token/",
            "OIDC_OP_USER_ENDPOINT": f"{self.base_url}/o/userinfo/",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.base_url}/o/.well-known/jwks.json",
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_PROVIDER_NAME": "Northborough Council account",
        }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database_url(name: str) -> tuple[str, dict[str, object]]:
    db = settings.DATABASES["default"]
    params = {
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or "",
    }
    auth = params["user"] + (f":{params['password']}" if params["password"] else "")
    host = str(params["host"])
    if host.startswith("/"):  # a unix socket (the embedded PostgreSQL)
        url = f"postgres://{auth}@/{name}?host={host}&port={params['port']}"
    else:
        url = f"postgres://{auth}@{host}:{params['port']}/{name}"
    return url, params


def _admin(params: dict[str, object]) -> psycopg.Connection:  # type: ignore[type-arg]
    return psycopg.connect(
        host=str(params["host"]),
        port=int(str(params["port"])),
        user=str(params["user"]),
        password=str(params["password"]) or None,
        dbname="postgres",
        autocommit=True,
    )


def _run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, cwd=ROOT, env=env, check=True, capture_output=True, timeout=180)


@contextlib.contextmanager
def running_provider(redirect_uris: list[str]) -> Iterator[Provider]:
    name = f"eh_test_oidc_provider_{secrets.token_hex(4)}"
    url, params = _database_url(name)
    with _admin(params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    provider = Provider(
        base_url=f"http://127.0.0.1:{_free_port()}",
        client_id=f"early-help-{secrets.token_hex(4)}",
        client_secret=secrets.token_urlsafe(24),
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.identity.oidc_provider.settings",
        "PROVIDER_DATABASE_URL": url,
        "PROVIDER_RSA_KEY": pem,
        "PYTHONPATH": str(ROOT),
    }
    process = None
    try:
        _run([sys.executable, "-m", "django", "migrate", "--verbosity", "0"], env)
        spec = {
            "people": PEOPLE,
            "password": PASSWORD,
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
            "redirect_uris": redirect_uris,
        }
        _run([sys.executable, "-m", "tests.identity.oidc_provider.seed", json.dumps(spec)], env)
        bind = provider.base_url.removeprefix("http://")
        process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "tests.identity.oidc_provider.wsgi:application",
                "--bind", bind, "--workers", "1", "--threads", "4", "--log-level", "warning",
            ],
            cwd=ROOT,
            env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        discovery = f"{provider.base_url}/o/.well-known/openid-configuration"
        while True:
            try:
                with urllib.request.urlopen(discovery, timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.2)
        yield provider
    finally:
        if process is not None:
            process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
            if process.poll() is None:
                process.kill()
        with _admin(params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
