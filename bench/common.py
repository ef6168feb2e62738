"""What every benchmark shares: timing a page in-process, timing raw SQL, reading plans."""

import gc
import math
import re
import statistics
import sys
import time

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext


def percentiles(timings: list[float]) -> tuple[float, float]:
    """Median and p95 (nearest rank: with ten rounds or fewer, the slowest)."""
    timings = sorted(timings)
    return statistics.median(timings), timings[max(0, math.ceil(len(timings) * 0.95) - 1)]


def measure(client, path, rounds, warmup=5):
    """(median ms, p95 ms, queries, captured SQL) of GET ``path``; exits on a non-200."""
    for _ in range(warmup):
        client.get(path)
    gc.freeze()  # as config/wsgi.py does in the server once the application is loaded
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return (*percentiles(timings), len(queries), list(queries.captured_queries))


def time_sql(statements: list[str], rounds: int) -> tuple[float, float]:
    """(median ms, p95 ms) of running the captured SQL statements directly, one round each."""
    statements = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    timings = []
    with connection.cursor() as cursor:
        for _ in range(rounds):
            start = time.perf_counter()
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall() if cursor.description else None
            timings.append((time.perf_counter() - start) * 1000)
    return percentiles(timings)


def slowest(captured: list[dict]) -> str:
    return max(captured, key=lambda q: float(q["time"]))["sql"]


def plan_indexes(sql: str) -> str:
    """The indexes PostgreSQL's plan for ``sql`` uses (or 'seq scan on …' where none). A
    statement on a temporary table of the page's own transaction (a rollup's build) can no
    longer be planned afterwards: it says so instead."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
    except DatabaseError as error:
        return f"not planned again ({type(error).__name__}: a table of the page's own)"
    used = sorted(
        set(
            re.findall(
                r"(?:Index|Index Only|Bitmap Index) Scan (?:Backward )?(?:using|on) (\w+)", plan
            )
        )
    )
    seq = sorted(set(re.findall(r"Seq Scan on (\w+)", plan)))
    parts = [", ".join(used) or "no index"]
    if seq:
        parts.append("seq scan: " + ", ".join(seq))
    return "; ".join(parts)


def delete_own_rows(querysets, fallback) -> bool:
    """Delete a benchmark's own rows table by table, each in one statement (``delete_rows``,
    in the order given: what refers to a row before the row), with the database checking at
    each statement that nothing else still refers to them. If something does (a row the
    benchmark did not know it made), all is rolled back and ``fallback()`` (Django's
    collector, which follows every relation) deletes instead. The collector took 80 s for
    the 20 000 people of a call-out: it asks every table that refers to a person about all
    of them. Returns whether the fast way did it."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for queryset in querysets:
                delete_rows(queryset)
    except IntegrityError:
        fallback()
        return False
    return True


def delete_rows(queryset) -> int:
    """Delete the queryset's rows in one statement, without Django's collector, which reads
    every row into memory to send its signals and follow its relations (100 000 draft
    applications took 19 s that way). Only for a benchmark's own rows that nothing else
    refers to: a row still referred to fails the transaction at commit."""
    model = queryset.model
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    sql, params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {pk} IN ({sql})", params)  # noqa: S608
        return cursor.rowcount
