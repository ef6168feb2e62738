"""Which year a grant belongs to: the one definition every figure uses.

A case belongs to the year of its decision, in Stockholm time: the date that the public
list of granted support and the open data (``awardDate``) show. A case not yet decided
belongs to the year it was submitted. The dashboard's rollups (SQL) and its filters,
drill-down, monthly reports and yearly mapping (Django queries) all use ``year_sql``, so a
grant decided on 4 December 2026 is a 2026 grant on every page and in every file.
"""

from django.conf import settings
from django.db.models import Func, IntegerField

YEAR_SQL = "EXTRACT(YEAR FROM COALESCE({decided_at}, {submitted_at}) AT TIME ZONE {zone})::int"


def year_sql(decided_at: str, submitted_at: str, zone: str) -> str:
    """The year as SQL over two column expressions; ``zone`` is the placeholder of the time
    zone's name (``%(tz)s`` in a query with named parameters, ``%s`` otherwise)."""
    return YEAR_SQL.format(decided_at=decided_at, submitted_at=submitted_at, zone=zone)


class GrantYear(Func):
    """``year_sql`` in a query of applications: ``.alias(year=GrantYear())``."""

    output_field = IntegerField()
    arity = 2

    def __init__(self, decided_at="decision__decided_at", submitted_at="submitted_at", **extra):
        super().__init__(decided_at, submitted_at, **extra)

    def as_sql(self, compiler, connection, **extra):
        decided, submitted = (compiler.compile(e) for e in self.get_source_expressions())
        sql = year_sql(decided[0], submitted[0], "%s")
        return sql, (*decided[1], *submitted[1], settings.TIME_ZONE)
