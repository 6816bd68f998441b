"""A load driver over HTTP: demo practitioners sign in (password, then the authenticator
code) and do casework — read case pages, add notes and plan actions — against a running
app. The reliability drills use it, and so can a benchmark.

    users = [Practitioner.sign_in(base, email, password=..., totp_key=...) for email in ...]
    load = Load(base, users, marker="drill-1")
    load.run(seconds=60, writers=10)       # or load.work(...) from your own threads
    load.report()                          # counts, errors, latencies, every write sent

Every write carries an `Idempotency-Key` and a marker in its text (`<marker>:<key>`), and
is retried with the same key until it is answered with success or the retry window
ends. So afterwards each acknowledged write can be looked for in the database by its
key, and any key found twice is a duplicate. Nothing here imports Django: the driver
talks to the app as a browser or a partner system would.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import random
import re
import struct
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

TIMEOUT = 15  # seconds for one HTTP request


def totp(key_base32: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238: the authenticator app's code for `key_base32` now (or at `at`)."""
    key = base64.b32decode(key_base32.upper() + "=" * (-len(key_base32) % 8))
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 10**digits:0{digits}d}"


def _csrf_from(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not found:
        raise RuntimeError("no CSRF token on the page")
    return found.group(1)


@dataclass
class CaseWork:
    """A case a practitioner may work on, and what an action on it may be towards."""

    case_id: int
    outcome_ids: list[int]
    owner: str  # who owns new actions: 'worker:<id>' or 'agency:<id>'


@dataclass
class Practitioner:
    """A signed-in person: a `requests` session holding the session and CSRF cookies."""

    email: str
    session: requests.Session
    base: str
    cases: list[CaseWork] = field(default_factory=list)

    @classmethod
    def sign_in(cls, base: str, email: str, *, password: str, totp_key: str) -> Practitioner:
        """Both factors, as the sign-in pages ask for them."""
        session = requests.Session()
        page = session.get(f"{base}/sign-in/", timeout=TIMEOUT)
        answer = session.post(
            f"{base}/sign-in/",
            data={
                "csrfmiddlewaretoken": _csrf_from(page.text),
                "username": email,
                "password": password,
            },
            headers={"Referer": f"{base}/sign-in/"},
            timeout=TIMEOUT,
        )
        if "/sign-in/second-factor/" not in answer.url:
            raise RuntimeError(f"{email}: the password was not accepted")
        for _attempt in range(3):
            code = session.post(
                answer.url,
                data={"csrfmiddlewaretoken": _csrf_from(answer.text), "code": totp(totp_key)},
                headers={"Referer": answer.url},
                timeout=TIMEOUT,
            )
            if "/sign-in/" not in code.url:
                return cls(email=email, session=session, base=base)
            answer = code
            # A code is used once per device: wait for the next one.
            time.sleep(30 - time.time() % 30 + 0.5)
        raise RuntimeError(f"{email}: the security code was not accepted")

    @property
    def csrf(self) -> str:
        return str(self.session.cookies.get("csrftoken", ""))

    def api(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if method != "GET":
            headers |= {"X-CSRFToken": self.csrf, "Referer": f"{self.base}/"}
        return self.session.request(
            method, f"{self.base}/api/v1{path}", headers=headers, timeout=TIMEOUT, **kwargs
        )

    def find_work(self, limit: int = 8, only: set[int] | None = None) -> list[CaseWork]:
        """Open cases with a plan, with outcomes to add actions to (`only` these cases:
        the ones this person leads, when the caller knows them)."""
        listed = self.api("GET", "/cases/", params={"page_size": 50, "state": "plan_and_review"})
        listed.raise_for_status()
        found: list[CaseWork] = []
        for case in listed.json()["results"]:
            if len(found) >= limit:
                break
            if only is not None and case["id"] not in only:
                continue
            plan = self.api("GET", f"/cases/{case['id']}/plan/")
            if plan.status_code != 200:
                continue
            outcomes = [o["id"] for o in plan.json().get("outcomes", [])]
            agency_id = case.get("lead_agency_id")
            if outcomes and agency_id:
                found.append(CaseWork(case["id"], outcomes, f"agency:{agency_id}"))
        self.cases = found
        return found


@dataclass
class Write:
    """One create, however many times it had to be sent."""

    kind: str  # "note" or "action"
    key: str
    case_id: int
    acknowledged: bool = False
    attempts: int = 0
    replayed: bool = False


@dataclass
class Load:
    """Mixed casework by many practitioners at once, with every write accounted for."""

    base: str
    users: list[Practitioner]
    marker: str = field(default_factory=lambda: f"drill-{uuid.uuid4().hex[:8]}")
    retry_for: float = 90.0  # seconds a write keeps being retried after a failure
    writes: list[Write] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    failures: list[tuple[float, str]] = field(default_factory=list)
    successes: list[float] = field(default_factory=list)  # when each write was acknowledged
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def text_for(self, key: str) -> str:
        return f"{self.marker}:{key}"

    # ---------------------------------------------------------------- recording

    def _record(self, name: str, started: float, ok: bool, detail: str = "") -> None:
        with self._lock:
            self.outcomes[f"{name}:{'ok' if ok else 'error'}"] += 1
            self.latencies.append(time.monotonic() - started)
            if not ok:
                self.failures.append((time.time(), f"{name} {detail}"[:200]))

    # ---------------------------------------------------------------- operations

    def read(self, user: Practitioner, rng: random.Random) -> bool:
        """A case page: the summary, the notes tab or the plan tab."""
        work = rng.choice(user.cases)
        tab = rng.choice(["", "notes/", "plan/"])
        started = time.monotonic()
        try:
            answer = user.session.get(f"{self.base}/cases/{work.case_id}/{tab}", timeout=TIMEOUT)
            ok = answer.status_code == 200
            detail = str(answer.status_code)
        except requests.RequestException as exc:
            ok, detail = False, type(exc).__name__
        self._record("read", started, ok, detail)
        return ok

    def _send_until_done(
        self, write: Write, send: Callable[[], requests.Response], expect: int
    ) -> None:
        deadline = time.monotonic() + self.retry_for
        pause = 0.2
        while time.monotonic() < deadline:
            started = time.monotonic()
            write.attempts += 1
            try:
                answer = send()
                ok = answer.status_code == expect
                detail = str(answer.status_code)
            except requests.RequestException as exc:
                answer, ok, detail = None, False, type(exc).__name__
            self._record(write.kind, started, ok, detail)
            if ok:
                write.acknowledged = True
                write.replayed = bool(
                    answer is not None and answer.headers.get("Idempotent-Replayed")
                )
                with self._lock:
                    self.successes.append(time.time())
                return
            if answer is not None and 400 <= answer.status_code < 500 and answer.status_code != 429:
                return  # refused for what it is: sending it again would not help
            time.sleep(pause)
            pause = min(pause * 2, 2.0)

    def add_note(self, user: Practitioner, rng: random.Random) -> Write:
        work = rng.choice(user.cases)
        write = Write("note", uuid.uuid4().hex, work.case_id)
        with self._lock:
            self.writes.append(write)
        body = {
            "note_type": "call",
            "contact_date": dt.date.today().isoformat(),
            "text": self.text_for(write.key),
        }
        self._send_until_done(
            write,
            lambda: user.api(
                "POST",
                f"/cases/{work.case_id}/notes/",
                json=body,
                headers={"Idempotency-Key": write.key},
            ),
            201,
        )
        return write

    def add_action(self, user: Practitioner, rng: random.Random) -> Write:
        work = rng.choice(user.cases)
        write = Write("action", uuid.uuid4().hex, work.case_id)
        with self._lock:
            self.writes.append(write)
        today = dt.date.today()
        body = {
            "outcome_id": rng.choice(work.outcome_ids),
            "what": self.text_for(write.key),
            "owner": work.owner,
            "start_on": today.isoformat(),
            "due_on": (today + dt.timedelta(days=28)).isoformat(),
        }
        self._send_until_done(
            write,
            lambda: user.api(
                "POST",
                f"/cases/{work.case_id}/plan/actions/",
                json=body,
                headers={"Idempotency-Key": write.key},
            ),
            201,
        )
        return write

    def work(
        self, user: Practitioner, until: float, *, write_share: float = 0.3, seed: int = 0
    ) -> None:
        """One person's session until `until` (monotonic): mostly reading, some writing."""
        rng = random.Random(seed)
        while time.monotonic() < until:
            roll = rng.random()
            if roll < write_share / 2:
                self.add_note(user, rng)
            elif roll < write_share:
                self.add_action(user, rng)
            else:
                self.read(user, rng)
            time.sleep(rng.uniform(0.05, 0.3))

    def run(self, seconds: float, *, write_share: float = 0.3) -> None:
        """Every user works in a thread of their own for `seconds`."""
        until = time.monotonic() + seconds
        threads = [
            threading.Thread(
                target=self.work, args=(user, until), kwargs={"write_share": write_share, "seed": n}
            )
            for n, user in enumerate(self.users)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def report(self) -> dict[str, Any]:
        latencies = sorted(self.latencies) or [0.0]
        return {
            "requests": sum(self.outcomes.values()),
            "errors": sum(v for k, v in self.outcomes.items() if k.endswith(":error")),
            "outcomes": dict(self.outcomes),
            "writes": len(self.writes),
            "acknowledged": sum(w.acknowledged for w in self.writes),
            "p50_s": latencies[len(latencies) // 2],
            "p95_s": latencies[int(len(latencies) * 0.95)],
        }
