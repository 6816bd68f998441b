"""Virus scanning behind one small interface, so the scanner can be changed by a setting.

`DOCUMENT_SCANNER` names the scanner: `clamd` (ClamAV's daemon, reached at
`CLAMD_ADDRESS`, `unix:///run/clamav/clamd.ctl` or `tcp://clamav:3310`) or empty for
none. With none, uploads are marked "not scanned" and `DOCUMENT_ALLOW_UNSCANNED` decides
whether they may be downloaded. Another scanner is any class with `scan(chunks)`, named
by its dotted path.

The clamd client speaks the daemon's INSTREAM command itself (a dozen lines): the
`clamd` package on PyPI has had no release for years, and the protocol is documented
and stable (clamd(8): chunks prefixed by their length in 4 bytes, network order, ended
by a zero-length chunk; the reply is `stream: OK` or `stream: <signature> FOUND`).
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlparse

from django.conf import settings
from django.utils.module_loading import import_string


class ScannerUnavailable(Exception):
    """The scanner could not give a verdict (not running, timed out): try again later."""


@dataclass(frozen=True)
class ScanResult:
    infected: bool
    signature: str = ""


class Scanner(Protocol):
    name: str

    def scan(self, chunks: Iterable[bytes]) -> ScanResult: ...


class ClamdScanner:
    """ClamAV's daemon over its Unix socket (or TCP), with the INSTREAM command."""

    name = "ClamAV"
    CHUNK = 64 * 1024

    def __init__(self, address: str | None = None, timeout: float | None = None) -> None:
        self.address = address or settings.CLAMD_ADDRESS
        self.timeout = timeout if timeout is not None else settings.CLAMD_TIMEOUT

    def _connect(self) -> socket.socket:
        where = urlparse(self.address)
        try:
            if where.scheme == "tcp":
                return socket.create_connection(
                    (where.hostname or "localhost", where.port or 3310), timeout=self.timeout
                )
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(self.timeout)
            sock.connect(where.path if where.scheme == "unix" else self.address)
            return sock
        except OSError as exc:
            raise ScannerUnavailable(f"clamd at {self.address}: {exc}") from exc

    def scan(self, chunks: Iterable[bytes]) -> ScanResult:
        with self._connect() as sock:
            try:
                sock.sendall(b"zINSTREAM\0")
                for chunk in chunks:
                    for start in range(0, len(chunk), self.CHUNK):
                        part = chunk[start : start + self.CHUNK]
                        sock.sendall(struct.pack("!L", len(part)) + part)
                sock.sendall(struct.pack("!L", 0))
                reply = b""
                while not reply.endswith(b"\0"):
                    received = sock.recv(4096)
                    if not received:
                        break
                    reply += received
            except OSError as exc:
                raise ScannerUnavailable(f"clamd at {self.address}: {exc}") from exc
        answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
        # "stream: OK", "stream: Eicar-Test-Signature FOUND", "INSTREAM size limit exceeded. ERROR"
        if answer.endswith(" FOUND"):
            signature = answer.removeprefix("stream:").removesuffix(" FOUND").strip()
            return ScanResult(infected=True, signature=signature[:200])
        if answer.endswith(": OK") or answer == "OK":
            return ScanResult(infected=False)
        raise ScannerUnavailable(f"clamd answered {answer!r}")


SCANNERS = {"clamd": ClamdScanner}


def configured_scanner() -> Scanner | None:
    """The scanner the settings name, or None when uploads go unscanned."""
    name = (settings.DOCUMENT_SCANNER or "").strip()
    if not name:
        return None
    scanner_class = SCANNERS.get(name) or import_string(name)
    scanner: Scanner = scanner_class()
    return scanner
