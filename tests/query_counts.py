"""The query-count check shared by the tests/*/test_query_counts.py modules: a page that
lists rows must not run more queries when it lists more of them (no N+1)."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext


def assert_constant_queries(client, url, grow, *, data=None):
    """Render ``url`` (after a warm-up), call ``grow()``, render again: the same number of
    queries both times. Returns the second response, for the caller to check that the new
    rows are listed."""
    assert client.get(url, data).status_code == 200  # warm-up: sessions, content types
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, data).status_code == 200
    grow()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, data)
    assert response.status_code == 200
    assert len(many) == len(few), grown_queries(few, many)
    return response


def grown_queries(few, many) -> str:
    """The queries that ran a different number of times (numbers blanked): the message."""

    def shapes(context):
        counts = {}
        for query in context.captured_queries:
            shape = re.sub(r"_django_curs_\w+|\b\d+\b", "N", query["sql"])[:300]
            counts[shape] = counts.get(shape, 0) + 1
        return counts

    before, after = shapes(few), shapes(many)
    return "\n".join(
        f"{before.get(shape, 0)} -> {count}: {shape}"
        for shape, count in after.items()
        if count != before.get(shape, 0)
    )
