"""Reports made by Celery jobs and stored for download: the monthly report for politicians
(the dashboard's figures for the year so far, as HTML, also announced by email) and the
yearly mapping of collaboration (organisations, grants and networks per focus area and
district, and the collaboration register, as XLSX). Making a report twice for the same
period replaces nothing: idempotent."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from grants.models import Decision
from insights import exports, selectors
from insights.models import DashboardReport
from insights.register.tables import mapping_register_tables, register_tables, shown_rows
from insights.rollups import rollups_refresh
from networks.models import Network
from organisations.models import Organisation
from portal.links import absolute_reverse
from portal.models import Municipality, Role, User
from portal.notifications import notify


def _last_month(today: date) -> tuple[date, date]:
    first_this = today.replace(day=1)
    end = first_this.fromordinal(first_this.toordinal() - 1)
    return end.replace(day=1), end


@transaction.atomic
def monthly_report(municipality, today=None) -> DashboardReport | None:
    """The report for last month (figures for its year up to the month's end); ``None`` if
    it exists already."""
    start, end = _last_month(today or timezone.localdate())
    if DashboardReport.objects.filter(
        municipality=municipality, kind="monthly", period_start=start
    ).exists():
        return None
    rollups_refresh(municipality)  # the report is a record: figures as of now, not minutes ago
    filters = selectors.Filters(municipality=municipality, years=(end.year,))
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Collaboration in %(name)s, %(month)s") % {
            "name": municipality.name,
            "month": start.strftime("%Y-%m"),
        }
        html = render_to_string(
            "insights/report_monthly.html",
            {
                "title": title,
                "municipality": municipality,
                "period_end": end,
                "tables": selectors.dashboard_tables(filters),
                "register_tables": [
                    (table, shown_rows(table))
                    for table in register_tables(municipality, end.year, today=end)
                ],
            },
        )
        url = absolute_reverse("insights:reports", args=[municipality.slug])
    report = DashboardReport.objects.create(
        municipality=municipality,
        kind="monthly",
        period_start=start,
        period_end=end,
        title=title,
        content=html.encode(),
        content_type="text/html; charset=utf-8",
        filename=f"samverkan-{municipality.slug}-{start:%Y-%m}.html",
    )
    politicians = User.objects.filter(
        role_assignments__municipality=municipality, role_assignments__role=Role.POLITICIAN
    ).distinct()
    notify(
        kind="reports.monthly",
        key=f"report:{report.pk}",
        template="insights/email/report",
        context={"report": report, "url": url},
        recipients=list(politicians),
        municipality=municipality,
        attachment=(report.filename, html.encode(), "text/html"),  # the figures themselves
    )
    return report


def mapping_tables(municipality, year: int) -> list[selectors.Table]:
    """Organisations, grants and networks per focus area and district (three queries), then
    the collaboration register (insights.register.tables)."""
    organisations = (
        Organisation.objects.filter(municipality=municipality, status=Organisation.Status.APPROVED)
        .values("focus_areas__name", "district__name")
        .annotate(count=Count("pk", distinct=True))
        .order_by("focus_areas__name", "district__name")
    )
    granted = ~Q(decision__outcome=Decision.Outcome.REJECTED) & Q(decision__isnull=False)
    grants = (
        selectors.applications(selectors.Filters(municipality=municipality, years=(year,)))
        .values("focus_areas__name", "organisation__district__name")
        .annotate(
            count=Count("pk", filter=granted, distinct=True),
            amount=Sum("decision__amount", default=0),
        )
        .order_by("focus_areas__name", "organisation__district__name")
    )
    networks = (
        Network.objects.filter(municipality=municipality)
        .values("focus_areas__name", "districts__name")
        .annotate(count=Count("pk", distinct=True))
        .order_by("focus_areas__name", "districts__name")
    )
    none = _("Not stated")
    columns = [_("Focus area"), _("District")]
    tables = [
        selectors.Table(
            "organisations",
            _("Registered organisations"),
            [*columns, _("Organisations")],
            [
                [r["focus_areas__name"] or none, r["district__name"] or none, r["count"]]
                for r in organisations
            ],
        ),
        selectors.Table(
            "grants",
            _("Grants %(year)s") % {"year": year},
            [*columns, _("Grants"), _("Granted (SEK)")],
            [
                [
                    r["focus_areas__name"] or none,
                    r["organisation__district__name"] or none,
                    r["count"],
                    r["amount"],
                ]
                for r in grants
            ],
        ),
        selectors.Table(
            "networks",
            _("Networks"),
            [*columns, _("Networks")],
            [
                [r["focus_areas__name"] or none, r["districts__name"] or none, r["count"]]
                for r in networks
            ],
        ),
    ]
    return [
        *tables,
        *mapping_register_tables(
            municipality, year, today=min(date(year, 12, 31), timezone.localdate())
        ),
    ]


@transaction.atomic
def yearly_mapping(municipality, year: int) -> DashboardReport | None:
    if DashboardReport.objects.filter(
        municipality=municipality, kind="yearly_mapping", period_start=date(year, 1, 1)
    ).exists():
        return None
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Mapping of collaboration in %(name)s %(year)s") % {
            "name": municipality.name,
            "year": year,
        }
        about = exports.mapping_about(municipality, year, title)
        content = exports.tables_xlsx(mapping_tables(municipality, year), about)
    return DashboardReport.objects.create(
        municipality=municipality,
        kind="yearly_mapping",
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        title=title,
        content=content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=about.filename("xlsx"),
    )


def run_monthly(today=None) -> int:
    """Monthly reports for every active municipality; in January also last year's mapping."""
    today = today or timezone.localdate()
    made = 0
    for municipality in Municipality.objects.filter(is_active=True):
        made += monthly_report(municipality, today) is not None
        if today.month == 1:
            made += yearly_mapping(municipality, today.year - 1) is not None
    return made
