"""Run the benchmarks and print their tables (``make bench``; ``BENCH_SCALE=large``).

The benchmarks use a database of their own, named after DATABASE_URL's with
``_bench_<scale>`` appended (made if missing), filled by ``seed_demo`` and
``seed_bench --scale <scale>`` once; later runs reuse it. ``BENCH_ONLY`` picks benchmarks
by name (allpages, pages, dashboards, lists, throughput, deadline, reminders, callouts, mailings).
"""

import os
import platform
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

SCALE = os.environ.get("BENCH_SCALE", "small")
ONLY = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "100"))


def use_bench_database() -> None:
    """Point DATABASE_URL at the scale's own database, and make it if it is missing."""
    from devtools.embedded import ensure_services

    ensure_services(Path(os.environ.get("SAMVERKAN_VAR_DIR", "var")))
    url = urlsplit(os.environ["DATABASE_URL"])
    name = f"{url.path.lstrip('/') or 'samverkan'}_bench_{SCALE}"
    admin = url._replace(path="/postgres")
    with psycopg.connect(urlunsplit(admin), autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(url._replace(path=f"/{name}"))


use_bench_database()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DEBUG", "false")
# The test client's host. No setup_test_environment(): its template instrumentation copies
# every template context for the client and would double the measured rendering time.
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.common import measure  # noqa: E402
from portal.models import User  # noqa: E402

PAGES = [
    ("start page", "/", None),
    ("municipality page", "/kommun/nacka/", None),
    ("dashboard (politician)", "/kommun/nacka/oversikt/", "politiker.nacka@example.se"),
    ("admin index (officer)", "/admin/", "handlaggare.nacka@example.se"),
]


def wanted(name: str) -> bool:
    return not ONLY or name in ONLY


def table(title: str, header: list[str], rows: list[tuple], widths: list[int]) -> None:
    print(f"\n{title}")
    print(
        "".join(
            f"{h:<{w}}" if i == 0 else f"{h:>{w}}"
            for i, (h, w) in enumerate(zip(header, widths, strict=True))
        )
    )
    for row in rows:
        cells = []
        for i, (value, width) in enumerate(zip(row, widths, strict=True)):
            text = f"{value:.1f}" if isinstance(value, float) else str(value)
            cells.append(f"{text:<{width}}" if i == 0 else f"{text:>{width}}")
        print("".join(cells).rstrip())


def pages() -> None:
    anonymous = Client()
    reference = measure(anonymous, "/healthz", ROUNDS)[0]
    rows = []
    for name, path, email in [("healthz (reference)", "/healthz", None), *PAGES]:
        client = Client()
        if email:
            client.force_login(User.objects.get(email=email))
        median, p95, queries, _ = measure(client, path, ROUNDS)
        rows.append((name, median, p95, queries, median / reference))
    table(
        "Core pages (demo data)",
        ["page", "median ms", "p95 ms", "queries", "x ref"],
        rows,
        [28, 11, 9, 9, 8],
    )


def allpages() -> None:
    from bench import allpages as bench

    result = bench.run(SCALE)
    rows = result["rows"]
    other = "large" if SCALE == "small" else "small"
    rounds = bench.rounds_for(SCALE)
    table(
        f"0. Every page ({len(rows)} measured, {rounds} rounds each; largest municipality; "
        f"queries vs the smallest, and the {other} scale's where it has been run)",
        ["page", "as", "median ms", "p95 ms", "queries", "smallest", f"{other} q",
         f"{other} p95", "target"],
        [
            (key, role, median, p95, queries, _or_dash(small),
             _or_dash(at_other.get("queries")), _or_dash(at_other.get("p95")),
             "OVER" if p95 > target else "")
            for key, role, median, p95, queries, small, at_other, target, _ in rows
        ],
        [52, 14, 11, 9, 9, 10, 9, 11, 8],
    )  # fmt: skip
    slow = sorted(rows, key=lambda row: row[3], reverse=True)[:10]
    table(
        "0. The ten slowest pages (p95) and the indexes of their slowest statement",
        ["page", "median ms", "p95 ms", "queries", "  indexes"],
        [(key, median, p95, queries, "  " + indexes)
         for key, _, median, p95, queries, _, _, _, indexes in slow],
        [48, 11, 9, 9, 0],
    )  # fmt: skip
    over = [row[0] for row in rows if row[3] > row[7]]
    grows = [row[0] for row in rows if row[5] is not None and row[5] != row[4]]
    print(f"over target (200 ms; dashboards and register 300 ms): {', '.join(over) or 'none'}")
    print(f"query count differs for the smallest municipality: {', '.join(grows) or 'none'}")
    print(f"not measured ({len(result['not_measured'])}):")
    for key, why in result["not_measured"]:
        print(f"  {key}: {why}")
    for error in result["errors"]:
        print(f"  error: {error}")


def _or_dash(value) -> str:
    return "-" if value is None else str(value)


def dashboards() -> None:
    from bench import dashboards as bench

    rows = bench.run(ROUNDS)
    table(
        "1. Dashboard of the largest municipality and of all "
        "(refs: its own SQL; the raw aggregate over the applications)",
        [
            "view",
            "median ms",
            "p95 ms",
            "queries",
            "SQL ms",
            "x SQL",
            "raw ms",
            "x raw",
            "  indexes",
        ],
        [(*r[:8], "  " + r[8]) for r in rows],
        [24, 11, 9, 9, 9, 7, 9, 7, 0],
    )
    rows_kept, largest_ms, total_ms = bench.rollup_cost()
    print(
        f"rollup rebuild: largest municipality {largest_ms} ms ({rows_kept} rows), "
        f"all municipalities {total_ms / 1000:.1f} s"
    )


def lists() -> None:
    from bench import lists as bench

    rows = bench.run()
    table(
        "2. Officer queue and public directory (largest municipality; queries vs smallest)",
        ["page", "median ms", "p95 ms", "queries", "small", "  indexes"],
        [(*r[:5], "  " + r[5]) for r in rows],
        [24, 11, 9, 9, 7, 0],
    )


def throughput() -> None:
    from bench import throughput as bench

    table(
        "3. Throughput under load (gunicorn on loopback; ref = minimal view)",
        ["page", "requests", "median ms", "p95 ms", "req/s", "x ref", "errors"],
        bench.run(),
        [24, 10, 11, 9, 9, 8, 8],
    )


def deadline() -> None:
    from bench import deadline as bench

    table(
        "4. Deadline day: concurrent applicants submitting",
        ["measure", "count", "median ms", "p95 ms", "per s", "x ref", "errors"],
        bench.run(),
        [24, 10, 11, 9, 9, 8, 8],
    )


def reminders() -> None:
    from bench import reminders as bench

    table(
        "5. Reminder job",
        ["step", "count", "seconds", "per second"],
        [(name, count, seconds, round(rate)) for name, count, seconds, rate in bench.run()],
        [26, 9, 9, 12],
    )


def callouts() -> None:
    from bench import callouts as bench

    table(
        "6. Call-out (upprop) to its recipients",
        ["step", "count", "seconds", "per second"],
        [(name, count, seconds, round(rate)) for name, count, seconds, rate in bench.run()],
        [26, 9, 9, 12],
    )


def mailings() -> None:
    from bench import mailings as bench

    table(
        "7. Mailing to a segment (recipients, queue, send)",
        ["step", "count", "seconds", "per second"],
        [(name, count, seconds, round(rate)) for name, count, seconds, rate in bench.run()],
        [26, 9, 9, 12],
    )


def seeding(scale: str) -> None:
    """Seed the data set if it is missing, keep how long that took, and print it with the
    database's size (the README's cost of growth)."""
    import json

    from django.conf import settings

    from devtools.bench_seed import SCALES, already_seeded

    record = Path(settings.VAR_DIR) / "bench" / f"seed-{connection.settings_dict['NAME']}.json"
    if not already_seeded(SCALES[scale]):
        start = time.perf_counter()
        call_command("seed_bench", scale=scale)
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps({"seconds": round(time.perf_counter() - start)}))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    seeded = json.loads(record.read_text())["seconds"] if record.exists() else None
    print(
        f"Data set: {scale}, database size {size}"
        + (f", seeded (with its rollups) in {seeded} s" if seeded is not None else "")
    )


def main():
    from bench.allpages import rounds_for as allpages_rounds_for
    from bench.lists import ROUNDS as lists_rounds

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    seeding(SCALE)
    print(
        f"\nScale {SCALE}; database {connection.settings_dict['NAME']}; {os.cpu_count()} cores, "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"Django {django.get_version()}; requests per page: {ROUNDS} (core pages, dashboards), "
        f"{lists_rounds} (lists), {allpages_rounds_for(SCALE)} (every page)"
    )
    spent = {}  # benchmark -> seconds, printed at the end (make bench has ten minutes)
    for name, run in [
        ("allpages", allpages),
        ("pages", pages),
        ("dashboards", dashboards),
        ("lists", lists),
        ("throughput", throughput),
        ("deadline", deadline),
        ("reminders", reminders),
        ("callouts", callouts),
        ("mailings", mailings),
    ]:
        if wanted(name):
            began = time.perf_counter()
            run()
            spent[name] = time.perf_counter() - began
            sys.stdout.flush()
    parts = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in spent.items())
    print(f"\nAll benchmarks in {time.perf_counter() - started:.0f} s ({parts})")


if __name__ == "__main__":
    main()
