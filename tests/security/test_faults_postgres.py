"""PostgreSQL restarts under a running portal: the first request afterwards succeeds without
anyone touching the portal; while PostgreSQL is down a request gets the error page at once
(no hang) and /healthz says the database is the problem.

NEEDS EXTERNAL BINARIES: PostgreSQL's initdb and pg_ctl (Debian's, or the pgserver wheel's),
and gunicorn from the project's virtualenv. The test starts a throw-away cluster in a
temporary directory and runs the portal against it in a gunicorn subprocess with production
settings (persistent connections, CONN_MAX_AGE=60, CONN_HEALTH_CHECKS on). It fails, not
skips, when a binary is missing.
"""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.security.throwaway_servers import (
    ThrowawayPostgres,
    environment,
    free_port,
    wait_until,
)

BASE_DIR = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).with_name("gunicorn")
REQUEST_TIMEOUT = 15  # a request to a portal whose database is down must not take longer


def fresh(base: str) -> str:
    """The start page under a new address each time: anonymous public pages are served from
    the cache (portal.caching), and this test wants a request that reaches the database."""
    fresh.count = getattr(fresh, "count", 0) + 1
    return f"{base}/?probe={fresh.count}"


def get(url: str) -> tuple[int, str, float]:
    """Status, body and seconds taken of one plain HTTP GET (no retries)."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310
            status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode()
    return status, body, time.monotonic() - started


@pytest.fixture
def portal(tmp_path):
    """The portal in gunicorn against a throw-away PostgreSQL; yields (base url, postgres)."""
    if not GUNICORN.exists():
        pytest.fail(f"This fault test needs gunicorn at {GUNICORN} (pip install gunicorn).")
    postgres = ThrowawayPostgres(tmp_path / "postgres")
    postgres.init()
    postgres.start()
    processes = []
    try:
        postgres.create_database("samverkan")
        port = free_port()
        env = environment(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            DATABASE_URL=postgres.url("samverkan"),
            CONN_MAX_AGE="60",
            SECRET_KEY="faults-" + "x" * 60,
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="False",
            STATIC_ROOT=str(tmp_path / "static"),
            MEDIA_ROOT=str(tmp_path / "media"),
            LOG_LEVEL="WARNING",
        )
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
            done = subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", *command],
                cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=400,
            )  # fmt: skip
            assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        log = (tmp_path / "gunicorn.log").open("w")
        processes.append(
            subprocess.Popen(  # noqa: S603
                [
                    str(GUNICORN),
                    "config.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--timeout",
                    "60",
                ],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        base = f"http://127.0.0.1:{port}"

        def answers():
            try:
                return get(base + "/healthz")[0] == 200
            except OSError:
                return False

        wait_until(answers, 60, "gunicorn serving the portal")
        yield base, postgres
    finally:
        for process in processes:
            process.terminate()
            process.wait(20)
        postgres.stop()


def test_the_portal_recovers_from_a_postgres_restart_and_reports_an_outage(portal):
    base, postgres = portal
    status, body, _took = get(fresh(base))
    assert status == 200
    assert "Samverkan" in body
    assert json.loads(get(base + "/healthz")[1])["database"] == "ok"

    assert postgres.connections_to("samverkan") >= 1  # the portal keeps its connection open
    postgres.restart()  # ...and the restart cuts it
    status, _body, _took = get(fresh(base))  # the very first request, no retry
    assert status == 200
    status, body, _took = get(base + "/healthz")
    assert (status, json.loads(body)["database"]) == (200, "ok")

    postgres.stop()
    status, body, took = get(fresh(base))
    assert status in (500, 503)
    assert took < REQUEST_TIMEOUT
    assert "Försök igen om en stund" in body  # the portal's own error page
    assert "Traceback" not in body
    status, body, took = get(base + "/healthz")
    assert status == 503
    assert json.loads(body)["status"] == "error"
    assert json.loads(body)["database"] == "OperationalError"

    postgres.start()  # back: the portal needs no restart
    assert get(fresh(base))[0] == 200
    assert get(base + "/healthz")[0] == 200
