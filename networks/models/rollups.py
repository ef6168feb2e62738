"""Pre-aggregated network figures for the dashboards, rebuilt with the grant rollups.

Cells like ``grants.models.rollups``: networks with the same focus areas, districts and
target groups (id arrays) share a row. Rows with ``year`` NULL count the networks and their
open and overdue actions as of the rebuild; one row per year with meetings held sums the
meetings and attendance. The largest municipality has about 2 000 networks but a few
dozen cells a year.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models

from portal.models import Municipality


class NetworkRollup(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    year = models.PositiveSmallIntegerField(null=True)
    focus_area_ids = ArrayField(models.IntegerField(), default=list)
    district_ids = ArrayField(models.IntegerField(), default=list)
    target_group_ids = ArrayField(models.IntegerField(), default=list)
    networks = models.PositiveIntegerField(default=0)
    meetings = models.PositiveIntegerField(default=0)
    attendance = models.PositiveIntegerField(default=0)
    open_actions = models.PositiveIntegerField(default=0)
    overdue_actions = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["municipality", "year"], name="netrollup_muni_year_idx")]

    def __str__(self):
        return f"{self.municipality_id} {self.year or '–'}: {self.networks}"
