"""A clamd of the tests' own, on a socket in a temporary folder.

No signature download is possible here, so the signature database is written by the
tests: the EICAR test file by its MD5 (the whole file) and by its bytes anywhere in a
file (so an EICAR string inside a PDF is found too). clamd is Debian's clamav-daemon,
which .ci/run installs: if it is missing the tests fail rather than skip.
"""

from __future__ import annotations

import hashlib
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.documents.files import EICAR

CLAMD_PATHS = ("/usr/sbin/clamd", "/usr/bin/clamd")


def clamd_binary() -> str:
    found = shutil.which("clamd") or next((p for p in CLAMD_PATHS if Path(p).exists()), None)
    assert found, "clamd is not installed: apt-get install clamav-daemon clamav"
    return found


class Clamd:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="eh-test-clamd-"))
        self.socket = self.dir / "clamd.sock"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"unix://{self.socket}"

    def write_signatures(self) -> None:
        database = self.dir / "db"
        database.mkdir()
        md5 = hashlib.md5(EICAR).hexdigest()  # noqa: S324 - ClamAV's .hdb format is MD5
        (database / "eicar.hdb").write_text(f"{md5}:{len(EICAR)}:Eicar-Test-Signature\n")
        (database / "eicar.ndb").write_text(f"Eicar-Test-Signature-Body:0:*:{EICAR.hex()}\n")

    def start(self) -> None:
        self.write_signatures()
        config = self.dir / "clamd.conf"
        config.write_text(
            f"LocalSocket {self.socket}\nDatabaseDirectory {self.dir / 'db'}\n"
            f"TemporaryDirectory {self.dir}\nForeground yes\nLogFile {self.dir / 'clamd.log'}\n"
            "LogVerbose no\nSelfCheck 3600\n"
        )
        self.process = subprocess.Popen(
            [clamd_binary(), "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.ping():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        log = (
            (self.dir / "clamd.log").read_text(errors="replace")
            if (self.dir / "clamd.log").exists()
            else ""
        )
        raise RuntimeError(f"the tests' clamd did not start:\n{log}")

    def ping(self) -> bool:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(2)
                sock.connect(str(self.socket))
                sock.sendall(b"zPING\0")
                return sock.recv(16).startswith(b"PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None
        shutil.rmtree(self.dir, ignore_errors=True)
