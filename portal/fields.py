"""Model fields of PostgreSQL types Django has no field for."""

from django.db import models


class BitStringField(models.Field):
    """A PostgreSQL bit string (``varbit``), written and read by raw SQL (the dashboard
    rollups' organisations reached)."""

    description = "Bit string"

    def db_type(self, connection):
        return "varbit"
