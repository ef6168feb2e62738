"""Benchmark 1: the dashboard of the largest municipality (all focus areas, one focus
area, ten years) and the comparison of all municipalities, against two references.

Each page twice: as visitors get it (its figures kept rendered in Redis per rollup build,
insights.figures), and as the first visitor after a rebuild gets it ("cold": the page's kept
figures deleted before each request, so it renders them and stores them).

- Its own SQL: the statements the cold page ran (what its figures need), executed directly
  on the connection; the ratio is what Django, the form, the template and the charts add on
  top of the database (cold), or what the page costs against that SQL (as visitors get it).
- The raw aggregate: the page's headline figures (per focus area; per municipality for
  the comparison) computed straight from applications, decisions and payouts, as one would
  without rollups; the ratio is what the page costs against asking the data directly.

The plan of the slowest statement names the indexes it uses.
"""

import gc
import os
import sys
import time
from datetime import datetime

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench.common import measure, percentiles, plan_indexes, slowest, time_sql
from devtools.bench_seed import bench_municipalities
from grants.models import Application, Decision, Payout, PayoutBatch
from insights.models import RollupRefresh
from insights.rollups import rollups_ensure_all
from portal.models import FocusArea, Municipality, User

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "100"))


def _largest() -> Municipality:
    return bench_municipalities().order_by("pk").first()


def raw_aggregate(
    years: range, municipality: Municipality | None = None, focus_area: FocusArea | None = None
) -> tuple[str, list]:
    """The figures per focus area (per municipality when ``municipality`` is None) of the
    submitted applications of ``years``, from the base tables: applications, amounts
    applied for, decided, approved, granted, paid and distinct organisations reached."""
    tz = timezone.get_current_timezone()
    start = datetime(years[0], 1, 1, tzinfo=tz)
    end = datetime(years[-1] + 1, 1, 1, tzinfo=tz)
    t = {
        "app": Application._meta.db_table,
        "app_fa": Application.focus_areas.through._meta.db_table,
        "decision": Decision._meta.db_table,
        "payout": Payout._meta.db_table,
        "batch": PayoutBatch._meta.db_table,
    }
    clauses = ["a.submitted_at >= %s", "a.submitted_at < %s", "a.status <> ALL(%s)"]
    params = [start, end, [Application.Status.DRAFT, Application.Status.WITHDRAWN]]
    if municipality is not None:
        clauses.append("a.municipality_id = %s")
        params.append(municipality.pk)
    if focus_area is not None:
        clauses.append(
            f"EXISTS (SELECT 1 FROM {t['app_fa']} x "  # noqa: S608 -- table names from models
            "WHERE x.application_id = a.id AND x.focusarea_id = %s)"
        )
        params.append(focus_area.pk)
    if municipality is None:
        spread, key = "", "a.municipality_id"
    else:
        spread = f"LEFT JOIN {t['app_fa']} f ON f.application_id = a.id"
        key = "f.focusarea_id"
    sql = f"""
        SELECT {key} AS key, COUNT(*) AS applications,
               COALESCE(SUM(a.amount_requested), 0) AS applied, COUNT(d.id) AS decided,
               COUNT(*) FILTER (WHERE d.outcome <> %s) AS approved,
               COALESCE(SUM(d.amount), 0) AS granted,
               COALESCE(SUM(p.amount) FILTER (WHERE b.status = %s), 0) AS paid,
               COUNT(DISTINCT a.organisation_id) FILTER (WHERE d.outcome <> %s) AS reached
        FROM {t["app"]} a {spread}
        LEFT JOIN {t["decision"]} d ON d.application_id = a.id
        LEFT JOIN {t["payout"]} p ON p.decision_id = d.id
        LEFT JOIN {t["batch"]} b ON b.id = p.batch_id
        WHERE {" AND ".join(clauses)}
        GROUP BY 1
    """  # noqa: S608 -- table names from the models, values as parameters
    rejected, paid = Decision.Outcome.REJECTED, PayoutBatch.Status.PAID
    return sql, [rejected, paid, rejected, *params]


def time_query(sql: str, params: list, rounds: int) -> float:
    """Median ms of one statement with its parameters, run directly on the connection."""
    timings = []
    with connection.cursor() as cursor:
        for _ in range(rounds):
            start = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            timings.append((time.perf_counter() - start) * 1000)
    return percentiles(timings)[0]


def measure_cold(
    client, path: str, rounds: int, warmup: int = 5
) -> tuple[float, float, int, list[dict]]:
    """(median ms, p95 ms, queries, captured SQL) of GET ``path`` with the page's kept
    figures deleted before each request (not timed): the first visitor after a rebuild."""
    key = client.get(path).figures_key
    for _ in range(warmup):
        cache.delete(key)
        client.get(path)
    gc.freeze()
    timings = []
    for _ in range(rounds):
        cache.delete(key)
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200 or response.figures_key != key:
            sys.exit(f"{path} answered {response.status_code}, or under another key")
    cache.delete(key)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return (*percentiles(timings), len(queries), list(queries.captured_queries))


def run(rounds: int = ROUNDS) -> list[tuple]:
    """Rows, two a page (as visitors get it, then cold): (name, median ms, p95 ms, queries,
    SQL median ms, x SQL, raw aggregate median ms, x raw, indexes). The SQL is the cold
    page's on both."""
    rollups_ensure_all()  # a migration may have dropped them: built here, not in a warm-up
    municipality = _largest()
    code = municipality.municipality_code
    politician = Client()
    politician.force_login(User.objects.get(email=f"politiker.{code}@bench.example.se"))
    admin = Client()
    admin.force_login(User.objects.filter(is_superuser=True).first())
    year = timezone.localdate().year
    trygghet = FocusArea.objects.get(municipality=municipality, slug="trygghet")
    base = reverse("insights:dashboard", args=[municipality.slug])
    one, ten = range(year, year + 1), range(year - 9, year + 1)
    pages = [
        ("dashboard, one year", base, politician, raw_aggregate(one, municipality)),
        (
            f"dashboard, {trygghet.name.lower()}",
            f"{base}?focus_area={trygghet.pk}",
            politician,
            raw_aggregate(one, municipality, trygghet),
        ),
        (
            "dashboard, ten years",
            f"{base}?year_from={year - 9}&year_to={year}",
            politician,
            raw_aggregate(ten, municipality),
        ),
        ("all municipalities", reverse("insights:compare"), admin, raw_aggregate(one)),
    ]
    rows = []
    for name, path, client, (raw_sql, raw_params) in pages:
        cold_median, cold_p95, cold_queries, captured = measure_cold(client, path, rounds)
        median, p95, queries, _ = measure(client, path, rounds)
        sql_median, _ = time_sql([q["sql"] for q in captured], rounds)
        raw_median = time_query(raw_sql, raw_params, max(5, rounds // 10))
        indexes = plan_indexes(slowest(captured))
        for label, ms, p95_ms, count, note in (
            (name, median, p95, queries, "figures kept in Redis"),
            ("  cold (after rebuild)", cold_median, cold_p95, cold_queries, indexes),
        ):
            rows.append(
                (label, ms, p95_ms, count, sql_median, ms / sql_median, raw_median,
                 ms / raw_median, note)
            )  # fmt: skip
    return rows


def rollup_cost() -> tuple[int, int, int]:
    """(applications-weighted rows, largest municipality's rebuild ms, all municipalities ms)."""
    largest = RollupRefresh.objects.filter(municipality=_largest()).first()
    total = sum(RollupRefresh.objects.values_list("duration_ms", flat=True))
    return (largest.rows if largest else 0, largest.duration_ms if largest else 0, total)
