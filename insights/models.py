"""The insights app's own tables: the dashboards' pre-aggregated figures (rollups) and the
stored reports for politicians.

A dashboard over a million applications cannot join applications, calls, programmes,
decisions, payouts and focus areas on every page view. The rollups hold the same figures
at the grain the dashboard filters on; ``insights.rollups`` rebuilds a municipality's rows
in one transaction, and the page says how fresh they are.

Each application lands in exactly one ``GrantRollup`` cell: its focus areas and target
groups are stored as sorted id arrays, so filtering by one focus area never counts an
application twice, while grouping by focus area unnests the array (an application tagged
with two areas counts under both, as on the live figures). A municipality has a few dozen
cells a year, so a dashboard sums hundreds of rows instead of joining a million.

Networks are counted the same way (``NetworkRollup``): networks with the same focus areas,
districts and target groups (id arrays) share a row.

The tables were made by the grants, networks and portal apps and keep their names
(``db_table``); insights/migrations/0001 only took them over.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.fields import BitStringField
from portal.models import Committee, District, Municipality


class RollupDimensions(models.Model):
    """What the dashboard filters and groups by: municipality, year (Stockholm time of
    submission), committee, the organisation's district, kind of grant, focus areas (of the
    application) and target groups (of the programme)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    year = models.PositiveSmallIntegerField()
    committee = models.ForeignKey(
        Committee, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    district = models.ForeignKey(
        District, on_delete=models.DO_NOTHING, null=True, related_name="+", db_constraint=False
    )
    kind = models.CharField(max_length=20)
    focus_area_ids = ArrayField(models.IntegerField(), default=list)
    target_group_ids = ArrayField(models.IntegerField(), default=list)

    class Meta:
        abstract = True


class GrantRollup(RollupDimensions):
    """The applications of one dimension cell and year, with their sums.

    Granted money counts in the year of the decision (``grants.years``), paid money in the
    year its payout batch was marked paid: a grant decided in December and paid in January
    is granted in one year and paid in the next, in the same cell otherwise.

    Distinct counts cannot be summed, so each cell keeps the organisations it reached
    (approved grants), and those reached for the first time in the municipality that year,
    as bit strings: bit *n* stands for the municipality's *n*-th organisation with an
    application (in id order, numbered at the rebuild). "Organisations reached" over any set
    of cells is ``bit_count(bit_or(...))``, a few kilobytes OR-ed together instead of
    ten years of ids made distinct. All cells of a municipality have the same length, so
    cells are only ever OR-ed within one municipality.
    """

    applications = models.PositiveIntegerField()
    applied = models.DecimalField(max_digits=16, decimal_places=2)
    decided = models.PositiveIntegerField()
    approved = models.PositiveIntegerField()
    granted = models.DecimalField(max_digits=16, decimal_places=2)
    paid = models.DecimalField(max_digits=16, decimal_places=2)
    # Money that reached informal groups (not legal persons: paid through a host
    # organisation, suppliers' invoices or a responsible adult's account).
    informal_granted = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    informal_paid = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    organisations = BitStringField(default="")
    new_organisations = BitStringField(default="")

    class Meta:
        db_table = "grants_grantrollup"
        indexes = [
            models.Index(fields=["municipality", "year"], name="grantrollup_muni_year_idx"),
            models.Index(fields=["year", "municipality"], name="grantrollup_year_muni_idx"),
        ]

    def __str__(self):
        return f"{self.municipality_id} {self.year} {self.kind}: {self.applications}"


class ParticipantRollup(RollupDimensions):
    """Participants reported in follow-up reports, per age band and gender."""

    age_band = models.CharField(max_length=10)
    gender = models.CharField(max_length=10)
    people = models.PositiveIntegerField()

    class Meta:
        db_table = "grants_participantrollup"
        indexes = [
            models.Index(fields=["municipality", "year"], name="partrollup_muni_year_idx"),
        ]

    def __str__(self):
        return f"{self.municipality_id} {self.year} {self.age_band} {self.gender}"


class RollupRefresh(models.Model):
    """When a municipality's rollups were last rebuilt, and up to which audit event.

    The audit trail doubles as a change feed: a refresh is needed when the municipality has
    audit events newer than ``last_audit_id`` (every submission, decision, payout and report
    is audited) or when the rows are older than the refresh interval.
    """

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="rollup_refresh",
        verbose_name=_("municipality"),
    )  # fmt: skip
    refreshed_at = models.DateTimeField(_("figures as of"))
    last_audit_id = models.BigIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "grants_rolluprefresh"
        verbose_name = _("dashboard figures refresh")
        verbose_name_plural = _("dashboard figures refreshes")

    def __str__(self):
        return f"{self.municipality}: {self.refreshed_at:%Y-%m-%d %H:%M}"


class NetworkRollup(models.Model):
    """Networks of one cell: with ``year`` NULL their count and open and overdue actions as
    of the rebuild; one row per year with meetings held sums the meetings and attendance.
    The largest municipality has about 2 000 networks but a few dozen cells a year."""

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
        db_table = "networks_networkrollup"
        indexes = [models.Index(fields=["municipality", "year"], name="netrollup_muni_year_idx")]

    def __str__(self):
        return f"{self.municipality_id} {self.year or '–'}: {self.networks}"


class DashboardReport(models.Model):
    """A stored report for politicians: the monthly dashboard (HTML) or the yearly mapping
    of collaboration (XLSX), made by a Celery job and kept for download."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Monthly report")
        YEARLY_MAPPING = "yearly_mapping", _("Yearly mapping of collaboration")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="dashboard_reports",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    title = models.CharField(_("title"), max_length=200)
    content = models.BinaryField()
    content_type = models.CharField(max_length=100)
    filename = models.CharField(max_length=100)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        db_table = "portal_dashboardreport"
        verbose_name = _("dashboard report")
        verbose_name_plural = _("dashboard reports")
        ordering = ["-period_start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "period_start"], name="dashboard_report_once"
            ),
        ]

    def __str__(self):
        return self.title
