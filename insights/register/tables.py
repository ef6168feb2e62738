"""The register in the reports: the yearly mapping's sheets and the monthly report's
sections (collaborations by level, kind and administration; agreements; money brought in
by co-applications; the action plans' progress per focus area). A fixed number of queries
each, aggregated in the database; only names and figures, no personal data."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Count, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from collaborations.models import (
    Agreement,
    CoApplication,
    Collaboration,
    Contribution,
    Indicator,
    Party,
)
from insights.selectors import Table
from networks.models import Action, Network
from portal.models import FocusArea


def _during(year: int, prefix: str = "") -> Q:
    """Entries that ran some time in ``year``: active or ended, their period touching it."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return (
        Q(**{f"{prefix}status__in": [Collaboration.Status.ACTIVE, Collaboration.Status.ENDED]})
        & (Q(**{f"{prefix}starts_on__isnull": True}) | Q(**{f"{prefix}starts_on__lte": end}))
        & (Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": start}))
    )


def _kronor(ore) -> Decimal:
    return (Decimal(ore or 0) / 100).quantize(Decimal("0.01"))


def collaborations_table(municipality, year: int) -> Table:
    """Entries that ran in ``year`` by level, kind and owning administration (one query)."""
    rows = (
        Collaboration.objects.filter(_during(year), municipality=municipality)
        .values("level", "kind", "administration__name")
        .annotate(count=Count("pk"), public=Count("pk", filter=Q(is_public=True)))
        .order_by("level", "kind", "administration__name")
    )
    levels = dict(Collaboration.Level.choices)
    kinds = dict(Collaboration.Kind.choices)
    order = {value: i for i, value in enumerate(Collaboration.Level.values)}
    table = Table(
        "register",
        _("Collaborations %(year)s by level, kind and administration") % {"year": year},
        [_("Level"), _("Kind"), _("Administration"), _("Collaborations"), _("Of which public")],
    )
    for r in sorted(rows, key=lambda r: order.get(r["level"], 9)):
        table.rows.append(
            [
                str(levels.get(r["level"], r["level"])),
                str(kinds.get(r["kind"], r["kind"])),
                r["administration__name"] or _("Not stated"),
                r["count"],
                r["public"],
            ]
        )
    return table


def _count(queryset):
    """The number of rows of ``queryset`` (correlated by OuterRef) as a subquery."""
    counted = queryset.order_by().values(one=Value(1)).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def agreements_table(municipality, year: int) -> Table:
    """The agreements that ran in ``year``: one row each (one query)."""
    agreements = (
        Agreement.objects.filter(
            _during(year, "collaboration__"), collaboration__municipality=municipality
        )
        .values(
            "collaboration__title",
            "collaboration__administration__name",
            "collaboration__starts_on",
            "collaboration__ends_on",
            "legal_form",
            "signed_on",
            "assessed_on",
        )
        .annotate(
            n_parties=_count(Party.objects.filter(agreement=OuterRef("pk"))),
            n_indicators=_count(Indicator.objects.filter(agreement=OuterRef("pk"))),
            money=Coalesce(
                Subquery(
                    Contribution.objects.filter(party__agreement=OuterRef("pk"))
                    .order_by()
                    .values("party__agreement")
                    .annotate(total=Sum("amount_ore"))
                    .values("total")
                ),
                0,
            ),
        )
        .order_by("collaboration__title")
    )
    forms = dict(Agreement.LegalForm.choices)
    table = Table(
        "agreements",
        _("Agreements %(year)s") % {"year": year},
        [
            _("Agreement"),
            _("Administration"),
            _("Legal form"),
            _("Legal form assessed"),
            _("Signed"),
            _("Ends"),
            _("Parties"),
            _("Indicators"),
            _("Money contributed per year (SEK)"),
        ],
    )
    for a in agreements:
        table.rows.append(
            [
                a["collaboration__title"],
                a["collaboration__administration__name"] or _("Not stated"),
                str(forms.get(a["legal_form"], a["legal_form"])),
                _("Yes") if a["assessed_on"] else _("No"),
                a["signed_on"].isoformat() if a["signed_on"] else "",
                a["collaboration__ends_on"].isoformat() if a["collaboration__ends_on"] else "",
                a["n_parties"],
                a["n_indicators"],
                _kronor(a["money"]),
            ]
        )
    return table


def co_applications_table(municipality, year: int) -> Table:
    """Co-applications per funder and status: applied for, brought in (granted) and the
    municipality's co-financing; those submitted or decided in ``year`` (one query)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    rows = (
        CoApplication.objects.filter(collaboration__municipality=municipality)
        .filter(Q(submitted_on__range=(start, end)) | Q(decided_on__range=(start, end)))
        .values("funder", "status")
        .annotate(
            count=Count("pk"),
            applied=Sum("applied_ore", default=0),
            granted=Sum("granted_ore", default=0),
            co_financing=Sum("co_financing_ore", default=0),
        )
        .order_by("funder", "status")
    )
    funders = dict(CoApplication.Funder.choices)
    statuses = dict(CoApplication.Status.choices)
    table = Table(
        "co_applications",
        _("Co-applications for outside money %(year)s") % {"year": year},
        [
            _("Funder"),
            _("Status"),
            _("Applications"),
            _("Applied for (SEK)"),
            _("Brought in (SEK)"),
            _("Municipal co-financing (SEK)"),
        ],
    )
    for r in rows:
        table.rows.append(
            [
                str(funders.get(r["funder"], r["funder"])),
                str(statuses.get(r["status"], r["status"])),
                r["count"],
                _kronor(r["applied"]),
                _kronor(r["granted"]),
                _kronor(r["co_financing"]),
            ]
        )
    return table


# Each action once per focus area it belongs to: its own, else its collaboration's and its
# network's (as the focus area's page shows it).
ACTION_PLAN_SQL = """
WITH tagged AS (
    SELECT a.id, a.focus_area_id AS focus_area FROM {action} a
    WHERE a.municipality_id = %(municipality)s AND a.focus_area_id IS NOT NULL
    UNION
    SELECT a.id, cf.focusarea_id FROM {action} a
    JOIN {collab_fa} cf ON cf.collaboration_id = a.collaboration_id
    WHERE a.municipality_id = %(municipality)s AND a.focus_area_id IS NULL
    UNION
    SELECT a.id, nf.focusarea_id FROM {action} a
    JOIN {net_fa} nf ON nf.network_id = a.network_id
    WHERE a.municipality_id = %(municipality)s AND a.focus_area_id IS NULL
)
SELECT fa.name,
       COUNT(*) FILTER (WHERE a.status = %(open)s) AS not_started,
       COUNT(*) FILTER (WHERE a.status = %(in_progress)s) AS ongoing,
       COUNT(*) FILTER (WHERE a.status = %(done)s) AS done,
       COUNT(*) FILTER (WHERE a.status = %(cancelled)s) AS dropped,
       COUNT(*) FILTER (WHERE a.status = ANY(%(open_statuses)s) AND a.due_on < %(today)s)
           AS overdue
FROM tagged t
JOIN {action} a ON a.id = t.id
JOIN {focus_area} fa ON fa.id = t.focus_area
GROUP BY fa.id, fa.name, fa.ordering
ORDER BY fa.ordering, fa.name
"""


def action_plan_table(municipality, today: date | None = None) -> Table:
    """The action plans' progress per focus area, as of ``today`` (one query)."""
    tables = {
        "action": Action._meta.db_table,
        "collab_fa": Collaboration.focus_areas.through._meta.db_table,
        "net_fa": Network.focus_areas.through._meta.db_table,
        "focus_area": FocusArea._meta.db_table,
    }
    params = {
        "municipality": municipality.pk,
        "open": Action.Status.OPEN,
        "in_progress": Action.Status.IN_PROGRESS,
        "done": Action.Status.DONE,
        "cancelled": Action.Status.CANCELLED,
        "open_statuses": list(Action.OPEN_STATUSES),
        "today": today or timezone.localdate(),
    }
    with connection.cursor() as cursor:
        cursor.execute(ACTION_PLAN_SQL.format(**tables), params)
        rows = cursor.fetchall()
    table = Table(
        "action_plan",
        _("Action plans per focus area"),
        [
            _("Focus area"),
            str(Action.Status.OPEN.label),
            str(Action.Status.IN_PROGRESS.label),
            str(Action.Status.DONE.label),
            str(Action.Status.CANCELLED.label),
            _("Overdue"),
        ],
    )
    table.rows = [list(row) for row in rows]
    return table


def actions_table(municipality, today: date | None = None) -> Table:
    """Who does what: every action of the municipality's action plans that is open, or was
    finished or dropped this year, with its focus areas, what it belongs to, its owner, due
    date and progress (a fixed number of queries)."""
    today = today or timezone.localdate()
    actions = (
        Action.objects.filter(municipality=municipality)
        .filter(
            Q(status__in=Action.OPEN_STATUSES)
            | Q(completed_at__year=today.year)
            | Q(due_on__year=today.year)
        )
        .select_related(
            "focus_area",
            "network",
            "collaboration",
            "owner_member__organisation",
            "owner_member__user",
            "owner_officer",
            "owner_unit",
            "owner_organisation",
        )
        .prefetch_related("collaboration__focus_areas", "network__focus_areas")
        .order_by("due_on", "pk")
    )
    table = Table(
        "actions",
        _("Who does what"),
        [
            _("Focus area"),
            _("Action"),
            _("Belongs to"),
            _("Owner"),
            _("Due"),
            _("Progress"),
            _("Note"),
        ],
    )
    for action in actions:
        if action.focus_area_id:
            areas = [action.focus_area.name]
        else:
            tagged = [*(action.collaboration.focus_areas.all() if action.collaboration else ()),
                      *(action.network.focus_areas.all() if action.network else ())]  # fmt: skip
            areas = sorted({area.name for area in tagged})
        belongs = action.network or action.collaboration
        status = action.get_status_display()
        if action.is_overdue:
            status = _("%(status)s, overdue") % {"status": status}
        table.rows.append(
            [
                ", ".join(areas) or _("Not stated"),
                action.title,
                str(belongs) if belongs else "",
                action.owner_name,
                action.due_on,
                status,
                action.progress_note,
            ]
        )
    return table


def register_tables(municipality, year: int, today: date | None = None) -> list[Table]:
    return [
        collaborations_table(municipality, year),
        agreements_table(municipality, year),
        co_applications_table(municipality, year),
        action_plan_table(municipality, today),
    ]


def mapping_register_tables(municipality, year: int, today: date | None = None) -> list[Table]:
    """The mapping's register sheets: the summaries and the list of who does what."""
    return [*register_tables(municipality, year, today), actions_table(municipality, today)]


def shown_rows(table: Table) -> list[list[tuple[str, bool]]]:
    """The rows as (text, is a figure) for an HTML report: figures with the language's
    thousands separator and right-aligned, names as they are."""
    from insights.templatetags.dashboard import figure  # the dashboard's own number style

    return [
        [
            (figure(value), True) if isinstance(value, int | Decimal) else (str(value), False)
            for value in row
        ]
        for row in table.rows
    ]
