"""Benchmark 0: every page of the portal, from the resolver, at the data set's scale.

Every URL pattern the authorisation matrix knows (``tests.security.matrix_urls``: the
resolver's patterns, the admin's included, so a new page is measured without anyone adding
it) is opened, as the first role the matrix lets see it (``ROLE_ORDER``), on the objects of
the data set's largest municipality (``bench.allpages_world``). Per page: median, p95 and
query count; the query count of the same page for the smallest municipality (it must be the
same: a page must not grow with its municipality) and, where the other scale has been run,
at that scale (kept in ``var/bench/allpages-<scale>.json``). Pages that only redirect, take
POST or need an object the data set lacks are listed, not measured. The public page cache
is off: the pages' own work is measured, not Redis.
"""

import json
import logging
import os
import re
import time
from pathlib import Path

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from bench.allpages_world import build_world
from bench.common import percentiles, plan_indexes, slowest
from devtools.bench_seed import bench_municipalities
from tests.security.matrix_data import ROLES
from tests.security.matrix_expectations import MATRIX, OK
from tests.security.matrix_urls import matrix_urls

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
# Requests per page: five at the large scale; three at the small one keep `make bench` within
# its ten minutes (p95 by nearest rank is the slowest request either way).
ROUNDS_BY_SCALE = {"small": 3, "large": 5}


def rounds_for(scale: str) -> int:
    return int(os.environ.get("BENCH_PAGE_ROUNDS", ROUNDS_BY_SCALE.get(scale, 5)))


# A regular expression that picks pages by matrix key ("^admin:volunteering_"), for working
# on a few; unset, every page.
PICK = re.compile(os.environ.get("BENCH_PAGES", ""))
# Who opens a page: a visitor where anyone may, else the association's member, else the
# municipality's staff, the portal administrator last.
ROLE_ORDER = ("anonymous", "member_a", "officer_x", "coordinator_x", "politician_x", "admin_x",
              "superuser")  # fmt: skip
# Pages whose target is 300 ms (they show a whole municipality's figures); 200 ms otherwise.
WIDE = ("insights:dashboard", "insights:register", "insights:focus_area", "insights:volunteering")


def target_ms(key: str) -> int:
    return 300 if key.startswith(WIDE) else 200


def role_for(key: str) -> str | None:
    row = MATRIX.get(key)
    if row is None:
        return None
    return next((role for role in ROLE_ORDER if row[ROLES.index(role)] == OK), None)


def _clients(world) -> dict[str, Client]:
    clients = {}
    for role in ROLE_ORDER:
        client = Client(raise_request_exception=False)
        if world.users[role] is not None:
            client.force_login(world.users[role])
        clients[role] = client
    return clients


def _addresses(world) -> dict[str, str | None]:
    """Matrix key -> address, or None where the data set lacks the object."""
    return matrix_urls(world, lenient=True)


def _get(client, url):
    """One GET in a transaction rolled back: pages that note a visit change nothing."""
    with transaction.atomic():
        response = client.get(url)
        transaction.set_rollback(True)
    return response


def _measure(client, url, rounds):
    """(status, median ms, p95 ms, queries, captured)."""
    response = _get(client, url)  # warm-up; also the status checked
    if response.status_code != 200:
        return response.status_code, None, None, None, []
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        _get(client, url)
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        _get(client, url)
    captured = _statements(queries)
    return 200, *percentiles(timings), len(captured), captured


def _statements(queries) -> list[dict]:
    """The page's statements, without the transaction control around each request."""
    return [
        q for q in queries.captured_queries
        if not q["sql"].lstrip().upper().startswith(TRANSACTION_CONTROL)
    ]  # fmt: skip


def _count(client, url) -> int | None:
    if url is None:
        return None
    _get(client, url)
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, url)
    if response.status_code != 200:
        return None
    return len(_statements(queries))


def _results_path(scale: str) -> Path:
    return Path(settings.VAR_DIR if hasattr(settings, "VAR_DIR") else "var") / (
        f"bench/allpages-{scale}.json"
    )


NO_ROLE = "no role gets a page (redirect, POST or login only)"
NO_OBJECT = "the data set has no object for it"


def plan(addresses: dict[str, str | None], pick=None) -> tuple[list, list]:
    """Which pages to open and as whom: ([(key, role, url)], [(key, why not)]); every URL
    pattern is in one list or the other."""
    pick = pick or PICK
    pages, not_measured = [], []
    for key in sorted(addresses):
        if not pick.search(key):
            continue
        role, url = role_for(key), addresses[key]
        if role is None:
            not_measured.append((key, NO_ROLE))
        elif url is None:
            not_measured.append((key, NO_OBJECT))
        else:
            pages.append((key, role, url))
    return pages, not_measured


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
def run(scale: str, rounds: int | None = None, pick=None) -> dict:
    """{"rows": [(key, role, median, p95, queries, smallest's queries, the other scale's
    {"queries", "median", "p95"} or {}, target, indexes)], "not_measured": [(key, why)],
    "errors": [...]}. ``pick``: a compiled pattern of matrix keys (default BENCH_PAGES).
    The 403s and 404s of finding who may open a page are expected, so Django's request log
    says only errors meanwhile (a 500 is still printed, and counted in "errors"). A filter,
    not the logger's level: opening django-celery-beat's admin pages sets logging up again,
    which reset the level and let the warnings through."""
    request_log = logging.getLogger("django.request")
    request_log.addFilter(_errors_only)
    try:
        return _run(scale, rounds or rounds_for(scale), pick)
    finally:
        request_log.removeFilter(_errors_only)


def _errors_only(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.ERROR


def _run(scale: str, rounds: int, pick) -> dict:
    municipalities = bench_municipalities().order_by("pk")
    largest, smallest = municipalities.first(), municipalities.last()
    world, small_world = build_world(largest), build_world(smallest)
    pages, not_measured = plan(_addresses(world), pick)
    small_addresses = _addresses(small_world)
    clients, small_clients = _clients(world), _clients(small_world)
    other = "large" if scale == "small" else "small"
    other_counts = _load(other)
    errors = []

    def remember(sender, request, **kwargs):
        errors.append(f"{request.path}: {kwargs.get('exception', '')!r}"[:200])

    got_request_exception.connect(remember)
    rows, counts = [], {}
    try:
        for key, role, url in pages:
            status, median, p95, queries, captured = _measure(clients[role], url, rounds)
            if status != 200:
                not_measured.append((key, f"answered {status} as {role} ({url})"))
                continue
            small = _count(small_clients[role], small_addresses.get(key))
            counts[key] = {"queries": queries, "median": round(median, 1), "p95": round(p95, 1)}
            reads = [
                q for q in captured if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
            ]
            indexes = plan_indexes(slowest(reads)) if reads else ""
            rows.append(
                (key, role, median, p95, queries, small, other_counts.get(key, {}),
                 target_ms(key), indexes)
            )  # fmt: skip
    finally:
        got_request_exception.disconnect(remember)
    if not (pick or PICK).pattern:  # a whole walk only: the other scale compares against it
        _save(scale, counts)
    return {"rows": rows, "not_measured": sorted(not_measured), "errors": errors}


def _load(scale: str) -> dict:
    try:
        return json.loads(_results_path(scale).read_text())
    except (OSError, ValueError):
        return {}


def _save(scale: str, counts: dict) -> None:
    path = _results_path(scale)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(counts, indent=1, sort_keys=True))
