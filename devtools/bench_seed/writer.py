"""Rows in, COPY out: the column list comes from the model, never from the generator's author.

A table's generator yields one dict per row, keyed by field ``attname`` (``municipality_id``
for a foreign key), with only the values that matter for the data set. The writer builds
the COPY column list from the model's concrete fields and fills every field the generator
does not set the way Django would: ``auto_now``/``auto_now_add`` fields and fields that
default to ``timezone.now`` get the seed's ``now``, other fields their default (called per
row when it is a callable, such as ``uuid4``), fields with a database default are left to
the database, and blank-able text fields get ``""``. A new model field therefore needs no
change here unless it is NOT NULL without any default, and then the error names it.
"""

from collections.abc import Iterable
from datetime import datetime
from itertools import chain

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import NOT_PROVIDED
from django.utils import timezone

DJANGO_NOW = timezone.now  # a DateTimeField's "default=timezone.now"


class Ids:
    """The next free id per model, read before anything is written, so that rows can refer
    to each other without a round trip (and generators may take ids while COPY runs)."""

    def __init__(self, cursor, models_: Iterable[type[models.Model]]):
        self.last: dict[type[models.Model], int] = {}
        for model in models_:
            table = connection.ops.quote_name(model._meta.db_table)
            pk = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {table}")  # noqa: S608
            self.last[model] = cursor.fetchone()[0]

    def take(self, model: type[models.Model]) -> int:
        self.last[model] += 1
        return self.last[model]


class Writer:
    """COPYs each table's rows in; counts rows per table; resets the id sequences at the end."""

    def __init__(self, cursor, now: datetime):
        self.cursor = cursor  # psycopg's own cursor (COPY)
        self.now = now
        self.counts: dict[str, int] = {}
        self.models: list[type[models.Model]] = []

    def copy(self, model: type[models.Model], rows: Iterable[dict]) -> int:
        rows = iter(rows)
        first = next(rows, None)
        table = model._meta.db_table
        self.counts.setdefault(table, 0)
        if model not in self.models:
            self.models.append(model)
        if first is None:
            return 0
        given, defaults, per_row = self._columns(model, first)
        keys = [field.attname for field in given]
        json = [(i, field) for i, field in enumerate(given) if isinstance(field, models.JSONField)]
        constants = [value for _field, value in defaults]
        columns = [field.column for field in given] + [field.column for field, _ in defaults]
        columns += [field.column for field in per_row]
        quote = connection.ops.quote_name
        sql = f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN"
        n = 0
        with self.cursor.copy(sql) as copy:
            for row in chain([first], rows):
                values = [row[key] for key in keys]
                for i, field in json:  # dicts and lists become JSON, not arrays
                    values[i] = field.get_db_prep_value(values[i], connection)
                values += constants
                values += [self._prepared(field, field.get_default()) for field in per_row]
                copy.write_row(values)
                n += 1
        self.counts[table] += n
        return n

    def _columns(self, model, first: dict):
        """The fields the generator sets; the others with their constant default; the
        others whose default is made per row. Fields with a database default are left out."""
        fields = [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]
        unknown = set(first) - {f.attname for f in fields}
        if unknown:
            raise ValueError(f"{model.__name__} has no field(s) {', '.join(sorted(unknown))}")
        given, defaults, per_row = [], [], []
        for field in fields:
            if field.attname in first:
                given.append(field)
            elif _stamped(field):
                defaults.append((field, self.now))
            elif field.has_default() and callable(field.default):
                per_row.append(field)
            elif field.has_default():
                defaults.append((field, self._prepared(field, field.get_default())))
            elif field.db_default is not NOT_PROVIDED:
                continue
            else:
                value = field.get_default()  # "" for text fields, else None
                if value is None and not field.null:
                    raise ValueError(
                        f"{model.__name__}.{field.name} is NOT NULL without a default: "
                        "its generator in devtools/bench_seed/tables.py must set it."
                    )
                defaults.append((field, value))
        return given, defaults, per_row

    @staticmethod
    def _prepared(field, value):
        return field.get_db_prep_value(value, connection) if value is not None else None

    def reset_sequences(self) -> None:
        """Let the next id each table hands out follow the rows written."""
        for statement in connection.ops.sequence_reset_sql(no_style(), self.models):
            self.cursor.execute(statement)


def _stamped(field) -> bool:
    """auto_now, auto_now_add and default=timezone.now: the seed's time."""
    auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    return auto or (field.has_default() and field.default is DJANGO_NOW)
