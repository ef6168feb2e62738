"""Benchmark 2: the officer queue (admin changelist) and the officers' other lists in the
admin (calls with their money, follow-up reports, organisations), the public directory with
filters and the collaboration register (the coordinating view and a focus area's plan), for
the largest and the smallest municipality of the data set: time, and query counts that must
be identical whatever the municipality's size."""

import os

from django.test import Client, override_settings
from django.urls import reverse

from bench.common import measure, plan_indexes, slowest
from devtools.bench_seed import bench_municipalities
from organisations.models import Organisation
from portal.models import Municipality, User

# Requests per list (the in-process pages' BENCH_ROUNDS is 100): 30 give a steady median
# and p95 for these slower pages and keep `make bench` within its ten minutes.
ROUNDS = int(os.environ.get("BENCH_LIST_ROUNDS", "30"))


def _pages(municipality: Municipality) -> list[tuple[str, str, Client]]:
    code = municipality.municipality_code
    officer = Client()
    officer.force_login(User.objects.get(email=f"handlaggare.{code}@bench.example.se"))
    politician = Client()
    politician.force_login(User.objects.get(email=f"politiker.{code}@bench.example.se"))
    anonymous = Client()
    district = municipality.districts.order_by("pk").first()
    sample = Organisation.objects.filter(municipality=municipality).order_by("pk").first()
    word = sample.name.split()[0][:6]
    queue = reverse("admin:grants_application_changelist")
    directory = reverse("organisations:directory")
    register = reverse("insights:register", args=[municipality.slug])
    focus_area = municipality.focusareas.order_by("pk").first()
    return [
        ("queue", queue, officer),
        ("queue, waiting", f"{queue}?status__exact=submitted", officer),
        ("queue, search", f"{queue}?q={word}", officer),
        # the officers' other daily lists in the admin
        ("calls (admin)", reverse("admin:grants_call_changelist"), officer),
        ("reports (admin)", reverse("admin:grants_followupreport_changelist"), officer),
        ("organisations (admin)", reverse("admin:organisations_organisation_changelist"), officer),
        ("directory", f"{directory}?municipality={municipality.slug}", anonymous),
        (
            "directory, district",
            f"{directory}?municipality={municipality.slug}&district={district.pk}",
            anonymous,
        ),
        ("directory, search", f"{directory}?municipality={municipality.slug}&q={word}", anonymous),
        ("register", register, officer),
        ("register, operational", f"{register}?level=operational", politician),
        ("register, focus area", f"{register}?focus_area={focus_area.pk}", politician),
        (
            "focus area plan",
            reverse("insights:focus_area", args=[municipality.slug, focus_area.slug]),
            politician,
        ),
    ]


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)  # the database work, not the page cache
def run(rounds: int = ROUNDS) -> list[tuple]:
    """Rows: (name, median ms, p95 ms, queries large, queries small, indexes)."""
    bench = bench_municipalities().order_by("pk")
    largest, smallest = bench.first(), bench.last()
    rows = []
    small_pages = _pages(smallest)
    for (name, path, client), (_, small_path, small_client) in zip(
        _pages(largest), small_pages, strict=True
    ):
        median, p95, queries, captured = measure(client, path, rounds)
        small_queries = measure(small_client, small_path, 1, warmup=1)[2]
        rows.append((name, median, p95, queries, small_queries, plan_indexes(slowest(captured))))
    return rows
