"""Benchmark 1: the dashboard of the largest municipality (all focus areas, one focus
area, ten years) and the comparison of all municipalities, against the raw SQL they run.

The reference is the same SQL statements executed directly on the database connection,
so the ratio shows what Django, the template and the charts add on top of the database.
The plan of the slowest statement names the indexes it uses.
"""

import os

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bench.common import measure, plan_indexes, slowest, time_sql
from grants.models import RollupRefresh
from portal.bench_seed import bench_municipalities
from portal.models import FocusArea, Municipality, User

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "100"))


def _largest() -> Municipality:
    return bench_municipalities().order_by("pk").first()


def run(rounds: int = ROUNDS) -> list[tuple]:
    """Rows: (name, median ms, p95 ms, queries, SQL median ms, ratio, indexes)."""
    municipality = _largest()
    code = municipality.municipality_code
    politician = Client()
    politician.force_login(User.objects.get(email=f"politiker.{code}@bench.example.se"))
    admin = Client()
    admin.force_login(User.objects.filter(is_superuser=True).first())
    year = timezone.localdate().year
    trygghet = FocusArea.objects.get(municipality=municipality, slug="trygghet")
    base = reverse("portal:dashboard", args=[municipality.slug])
    pages = [
        ("dashboard, one year", base, politician),
        (f"dashboard, {trygghet.name.lower()}", f"{base}?focus_area={trygghet.pk}", politician),
        ("dashboard, ten years", f"{base}?year_from={year - 9}&year_to={year}", politician),
        ("all municipalities", reverse("portal:compare"), admin),
    ]
    rows = []
    for name, path, client in pages:
        median, p95, queries, captured = measure(client, path, rounds)
        statements = [q["sql"] for q in captured]
        sql_median, _ = time_sql(statements, rounds)
        indexes = plan_indexes(slowest(captured))
        rows.append((name, median, p95, queries, sql_median, median / sql_median, indexes))
    return rows


def rollup_cost() -> tuple[int, int, int]:
    """(applications-weighted rows, largest municipality's rebuild ms, all municipalities ms)."""
    largest = RollupRefresh.objects.filter(municipality=_largest()).first()
    total = sum(RollupRefresh.objects.values_list("duration_ms", flat=True))
    return (largest.rows if largest else 0, largest.duration_ms if largest else 0, total)
