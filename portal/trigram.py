"""Trigram indexes (pg_trgm) that a database without the extension goes without.

PostgreSQL's contrib package brings pg_trgm, and every production and CI server has it, but
the embedded PostgreSQL of a fresh development machine (pgserver, under ``var/``) is built
without contrib. There the migration leaves the index out: the ``icontains`` and
``contains`` lookups it serves are plain SQL and answer the same rows, only by reading the
table. Migration state always holds the index, so ``makemigrations`` sees no change.
"""

from django.db import migrations

EXTENSION = "pg_trgm"


def trigram_available(connection) -> bool:
    """Whether this server offers pg_trgm (installed in the database or installable)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = %s", [EXTENSION])
        return cursor.fetchone() is not None


def trigram_installed(connection) -> bool:
    """Whether pg_trgm is installed in this database, so its indexes were made."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = %s", [EXTENSION])
        return cursor.fetchone() is not None


def optional_trigram_index(
    app_label: str, model_name: str, index
) -> migrations.operations.base.Operation:
    """A migration operation: ``AddIndex`` in the state; in the database the extension and
    the index only where the server offers pg_trgm (it is trusted since PostgreSQL 13, so
    the database's owner may create it)."""

    def forwards(apps, schema_editor):
        if not trigram_available(schema_editor.connection):
            return
        schema_editor.execute(f"CREATE EXTENSION IF NOT EXISTS {EXTENSION}")
        schema_editor.add_index(apps.get_model(app_label, model_name), index)

    def backwards(apps, schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(index.name)}")

    return migrations.SeparateDatabaseAndState(
        state_operations=[migrations.AddIndex(model_name=model_name, index=index)],
        database_operations=[migrations.RunPython(forwards, backwards)],
    )
