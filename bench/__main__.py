"""Run the benchmarks and print a table of median and p95 server time per page.

Each page is requested in-process through Django's test client (full middleware stack,
real PostgreSQL and Redis) after warm-up; the reference is /healthz measured in the
same run, so the ratio column is comparable across machines.
"""

import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DEBUG", "false")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from portal.models import User  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))
PAGES = [
    ("start page", "/", None),
    ("municipality page", "/kommun/nacka/", None),
    ("dashboard (politician)", "/kommun/nacka/oversikt/", "politiker.nacka@example.se"),
    ("admin index (officer)", "/admin/", "handlaggare.nacka@example.se"),
]


def measure(client, path, rounds):
    for _ in range(10):
        client.get(path)
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(queries)


def main():
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    anonymous = Client()
    reference, _, _ = measure(anonymous, "/healthz", ROUNDS)
    rows = [("healthz (reference)", reference, *measure(anonymous, "/healthz", ROUNDS)[1:])]
    for name, path, email in PAGES:
        client = Client()
        if email:
            client.force_login(User.objects.get(email=email))
        rows.append((name, *measure(client, path, ROUNDS)))
    print(f"\n{'benchmark':<26}{'median ms':>11}{'p95 ms':>9}{'queries':>9}{'x ref':>8}")
    for name, median, p95, queries in rows:
        print(f"{name:<26}{median:>11.2f}{p95:>9.2f}{queries:>9}{median / reference:>8.1f}")
    print(f"\n{ROUNDS} rounds each; reference = median of /healthz ({reference:.2f} ms)")
    from bench import reminders

    print(f"\n{'reminder job':<26}{'count':>9}{'seconds':>9}{'per second':>12}")
    for name, count, seconds, rate in reminders.run():
        print(f"{name:<26}{count:>9}{seconds:>9.1f}{rate:>12.0f}")


if __name__ == "__main__":
    main()
