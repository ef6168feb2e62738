#!/usr/bin/env python3
"""`make run` as a newcomer runs it: a clean clone, no DATABASE_URL or REDIS_URL.

Clones the committed HEAD into a temporary directory, runs `make run` there (which creates
the virtualenv, starts the embedded PostgreSQL and Redis under var/, migrates, loads the demo
data and starts web, worker and beat), and checks that:

1. the start page and /healthz answer 200;
2. five bursts of 100 parallel requests (/healthz and logged-in pages, each of which reads
   the database) all answer 200: the development server never runs PostgreSQL out of
   connections (Django's threaded runserver, a thread and a connection per request, failed
   15-20 of each 100 here with "too many clients");
3. Ctrl-C (SIGINT to the foreground process group, as a terminal sends it) stops everything
   quietly: make exits, no traceback is printed, and no web, worker or beat process, no
   embedded Redis and no embedded PostgreSQL is left running.

Only the standard library is used: it runs before any virtualenv exists.
Usage: .ci/check_make_run.py [--keep]   (--keep leaves the clone for inspection)
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 15 * 60  # a cold pip cache downloads every dependency first
PARALLEL = 100
BURSTS = 5
DEMO_LOGIN = ("forening@example.se", "samverkan-demo")
# Each request reads the database: /healthz always, the others for the logged-in session
# (anonymous public pages would come from the page cache in Redis).
LOGGED_IN_PAGES = ["/mina-sidor/", "/foreningar/", "/natverk/", "/bidrag/", "/"]


def main() -> int:
    keep = "--keep" in sys.argv
    workdir = Path(tempfile.mkdtemp(prefix="samverkan-make-run-"))
    clone = workdir / "samverkan"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)  # noqa: S603, S607
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["PORTAL_ADDR"] = f"127.0.0.1:{port}"
    log_path = workdir / "make-run.log"
    started = time.monotonic()
    with log_path.open("wb") as log:
        make = subprocess.Popen(
            ["make", "run"],  # noqa: S607
            cwd=clone,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, as a terminal's foreground job
        )
    failures: list[str] = []
    try:
        wait_until_up(base, make, log_path)
        print(f"make run answered after {time.monotonic() - started:.0f} s")
        for path in ("/", "/healthz"):
            status = fetch(base + path)[0]
            if status != 200:
                failures.append(f"{path} answered {status}")
        failures += parallel_bursts(base)
    except RuntimeError as exc:
        failures.append(str(exc))
    finally:
        stop(make, failures)
    output = log_path.read_text(errors="replace")
    failures += check_stopped(clone, output)
    if failures:
        print(output[-6000:])
        print("\n".join(["FAILED:", *failures]), file=sys.stderr)
        print(f"(clone and log kept in {workdir})", file=sys.stderr)
        return 1
    print(f"make run: up, {BURSTS} x {PARALLEL} parallel requests answered, stopped cleanly")
    if not keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def stop(make: subprocess.Popen, failures: list[str]) -> None:
    """Ctrl-C to make's process group; a group already gone (make exited early) is no error
    of its own: the reason is in the log printed below."""
    try:
        os.killpg(make.pid, signal.SIGINT)  # Ctrl-C
    except ProcessLookupError:
        return
    try:
        make.wait(timeout=90)
    except subprocess.TimeoutExpired:
        failures.append("make run did not stop within 90 s of Ctrl-C")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(make.pid, signal.SIGKILL)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, opener=None, data: bytes | None = None) -> tuple[int, str]:
    opener = opener or urllib.request.build_opener()
    try:
        with opener.open(url, data=data, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except OSError as exc:
        return 0, repr(exc)


def wait_until_up(base: str, make: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if make.poll() is not None:
            raise RuntimeError(f"make run exited with {make.returncode} before it answered")
        if fetch(base + "/healthz")[0] == 200:
            return
        time.sleep(2)
    raise RuntimeError(f"make run did not answer /healthz within {START_TIMEOUT} s")


def logged_in_opener(base: str):
    """A cookie-keeping client logged in as the demo association member."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    status, page = fetch(base + "/konto/login/", opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or not token:
        raise RuntimeError(f"login page answered {status} without a form")
    form = {"login": DEMO_LOGIN[0], "password": DEMO_LOGIN[1], "csrfmiddlewaretoken": token[1]}
    opener.addheaders = [("Referer", base + "/konto/login/"), ("User-Agent", "check_make_run")]
    status, page = fetch(base + "/konto/login/", opener, urllib.parse.urlencode(form).encode())
    if status != 200 or "logout" not in page:
        raise RuntimeError(f"demo login failed ({status})")
    return opener


def parallel_bursts(base: str) -> list[str]:
    """BURSTS x PARALLEL requests released at the same instant; every one must answer 200."""
    opener = logged_in_opener(base)
    failures = []
    for _ in range(BURSTS):
        barrier = threading.Barrier(PARALLEL)

        def one(index: int, barrier=barrier) -> tuple[str, int]:
            if index % 2:
                url, client = base + LOGGED_IN_PAGES[index // 2 % len(LOGGED_IN_PAGES)], opener
            else:
                url, client = base + "/healthz", None
            barrier.wait()
            return url, fetch(url, client)[0]

        with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
            results = list(pool.map(one, range(PARALLEL)))
        bad = [f"{url}: {status}" for url, status in results if status != 200]
        if bad:
            failures.append(f"{len(bad)} of {PARALLEL} parallel requests failed: {bad[:5]}")
    return failures


def check_stopped(clone: Path, output: str) -> list[str]:
    failures = []
    if "Traceback" in output:
        failures.append("stopping printed a traceback")
    time.sleep(1)
    left = [cmd for pid, cmd in processes() if pid != os.getpid() and str(clone) in cmd]
    left += [
        f"{pid}: {cmd}"
        for pid, cmd in processes()
        if cwd_of(pid) is not None and str(cwd_of(pid)).startswith(str(clone))
    ]
    if left:
        failures.append(f"still running after Ctrl-C: {sorted(set(left))}")
    redis_pid = clone / "var" / "redis" / "redis.pid"
    if redis_pid.exists() and alive(int(redis_pid.read_text())):
        failures.append("the embedded Redis is still running")
    postmaster = next((clone / "var" / "postgres").rglob("postmaster.pid"), None)
    if postmaster and alive(int(postmaster.read_text().split()[0])):
        failures.append("the embedded PostgreSQL is still running")
    return failures


def processes() -> list[tuple[int, str]]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            found.append((int(entry.name), cmd.strip()))
    return found


def cwd_of(pid: int) -> Path | None:
    try:
        return Path(os.readlink(f"/proc/{pid}/cwd"))
    except OSError:
        return None


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


if __name__ == "__main__":
    sys.exit(main())
