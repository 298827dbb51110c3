"""A PostgreSQL server of a test's own, on a free port, that the test may stop and restart."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _binaries() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


class OwnPostgres:
    """initdb into a temporary folder; `pg_ctl` starts and stops it (as `postgres` under root)."""

    def __init__(self) -> None:
        self.bin = _binaries()
        self.port = _free_port()
        self.directory = tempfile.mkdtemp(prefix="sg-own-postgres-")
        self.data = os.path.join(self.directory, "data")
        self.log = os.path.join(self.directory, "server.log")

    @property
    def available(self) -> bool:
        return self.bin is not None

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=60)

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
        self._run(
            f"{self.bin}/initdb", "-D", self.data, "-U", "postgres", "-A", "trust",
            "--no-sync", "-E", "UTF8", "--locale", "C",
        )  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} -F"
        self._run(
            f"{self.bin}/pg_ctl", "-D", self.data, "-l", self.log, "-o", options, "-w", "start"
        )

    def stop(self) -> None:
        self._run(f"{self.bin}/pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


def wait_for(predicate, *, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError
        time.sleep(0.1)
