"""Pre-aggregated network figures for the dashboards, rebuilt with the grant rollups.

One row per network with ``year`` NULL (the network itself, with its open and overdue
actions as of the rebuild) and one per network and year in which meetings were held
(meetings held, attendance). Focus areas, districts and target groups are id arrays, as
in ``grants.models.rollups``.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models

from portal.models import Municipality


class NetworkRollup(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    network = models.ForeignKey(
        "networks.Network", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    year = models.PositiveSmallIntegerField(null=True)
    focus_area_ids = ArrayField(models.IntegerField(), default=list)
    district_ids = ArrayField(models.IntegerField(), default=list)
    target_group_ids = ArrayField(models.IntegerField(), default=list)
    meetings = models.PositiveIntegerField(default=0)
    attendance = models.PositiveIntegerField(default=0)
    open_actions = models.PositiveIntegerField(default=0)
    overdue_actions = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["municipality", "year"], name="netrollup_muni_year_idx")]

    def __str__(self):
        return f"{self.network_id} {self.year or '–'}"
