"""Statements written once per process, for the few requests where building the query is the
cost: deadline day's submit, and what the middleware asks on every logged-in request.

Django builds and compiles a queryset's SQL anew on every call, which for a statement over
six joined tables costs more CPU than PostgreSQL spends answering it (bench/deadline.py
profiles this). A statement here is written from the models' ``_meta`` (table and column
names, never typed in), cached per process, and its rows are turned into model instances
exactly as the ORM does: the same converters, then ``Model.from_db``
(tests/grants/test_prebuilt.py compares both field by field)."""

from functools import cache

from django.db import connection


def quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def table(model) -> str:
    return quoted(model._meta.db_table)


def column(model, name: str, alias: str | None = None) -> str:
    """The quoted column of ``model``'s field ``name``, qualified by ``alias`` if given."""
    name = quoted(model._meta.get_field(name).column)
    return f"{quoted(alias)}.{name}" if alias else name


@cache
def column_list(model, alias: str) -> str:
    """Every concrete column of ``model`` under ``alias``, in the order ``instance`` reads."""
    alias = quoted(alias)
    return ", ".join(f"{alias}.{quoted(field.column)}" for field in model._meta.concrete_fields)


@cache
def _readers(model) -> tuple[tuple[str, ...], tuple]:
    """The attribute names of ``model``'s concrete fields and, for each, its column with the
    converters the ORM applies to a value read from the database (JSON, for one)."""
    names, readers = [], []
    for field in model._meta.concrete_fields:
        col = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        names.append(field.attname)
        readers.append((col, tuple(converters)))
    return tuple(names), tuple(readers)


def instance(model, row, start: int = 0):
    """The ``model`` instance whose columns (as ``column_list`` names them) begin at
    ``row[start]``, and the index where the next model's columns begin."""
    names, readers = _readers(model)
    values = []
    for value, (col, converters) in zip(row[start : start + len(names)], readers, strict=True):
        for converter in converters:
            value = converter(value, col, connection)
        values.append(value)
    return model.from_db(connection.alias, names, values), start + len(names)
