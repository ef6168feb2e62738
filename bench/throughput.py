"""Benchmark 3: requests per second of the public start page, the open calls and the
organisation directory under load, against gunicorn on loopback, each compared with a
minimal Django view served by the same gunicorn (target: at least half its requests/s).

``BENCH_LOAD_SECONDS`` (6) per page after a short warm-up, ``BENCH_LOAD_CONCURRENCY`` (16)
connections, gunicorn with ``BENCH_LOAD_WORKERS`` (2) gthread workers of
``BENCH_LOAD_THREADS`` (4) threads. The load comes from wrk when installed, otherwise from
bench.loadgen; the reference row names the tool. The data is whatever the database holds
(the demo data is loaded when it is empty)."""

import os

from bench import loadgen
from bench.server import Gunicorn, demo_data_ensure, django_setup
from bench.table import print_table

SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "6"))
CONCURRENCY = int(os.environ.get("BENCH_LOAD_CONCURRENCY", "16"))
WORKERS = int(os.environ.get("BENCH_LOAD_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_LOAD_THREADS", "4"))
WARM_UP_SECONDS = 2
TARGET_RATIO = 0.5
REFERENCE = "/bench/minimal"
PAGES = [
    ("start page", "portal:home"),
    ("open calls", "grants:calls"),
    ("directory", "organisations:directory"),
]


def _paths() -> list[tuple[str, str]]:
    """The pages' Swedish addresses (the default language has no prefix)."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        return [(name, reverse(url_name)) for name, url_name in PAGES]


def run() -> list[tuple]:
    demo_data_ensure()
    targets = [("minimal view", REFERENCE), *_paths()]  # names fit bench/__main__'s table
    results = []
    with Gunicorn(workers=WORKERS, threads=THREADS) as server:
        for _name, path in targets:
            status = server.status(path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}:\n{server.log_tail()}")
        for name, path in targets:
            loadgen.measure(server.url(path), connections=CONCURRENCY, seconds=WARM_UP_SECONDS)
            result = loadgen.measure(server.url(path), connections=CONCURRENCY, seconds=SECONDS)
            results.append((name, path, result))
    tool = results[0][2].tool
    print(
        f"\nThroughput: {tool}, {CONCURRENCY} connections, {SECONDS:g} s per page, gunicorn "
        f"{WORKERS} gthread workers x {THREADS} threads on loopback; target: each page at "
        f"least {TARGET_RATIO:.0%} of the minimal view's requests/s"
    )
    reference = results[0][2].rate
    rows = []
    for name, path, result in results:
        ratio = result.rate / reference if reference else 0.0
        label = f"{name} [{tool}]" if path == REFERENCE else f"{name} {path}"
        rows.append((label, result.requests, result.median_ms, result.p95_ms, result.rate,
                     ratio, result.errors))  # fmt: skip
        if path != REFERENCE:
            verdict = "PASS" if ratio >= TARGET_RATIO and not result.errors else "FAIL"
            print(
                f"  {verdict}  {name} {path}: {ratio:.2f} x the reference, {result.errors} errors"
            )
    return rows


if __name__ == "__main__":
    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print_table(run())
