"""The dashboard's figures, aggregated in the database: one query per table, whatever the
number of applications, networks or meetings. Only counts and sums: no personal data.

An application counts under the focus areas it was tagged with at submission (the call's or
the programme's), under the year it was submitted (Stockholm time), its committee, the
organisation's district and the programme's target groups.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Exists, IntegerField, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.models import Application, Decision, FollowUpReport, GrantKind, PayoutBatch
from networks.models import Action, Attendance, Meeting, Network
from organisations.models import AgeBand, Gender, Organisation

ZERO = Decimal(0)
APPROVED = ~Q(decision__outcome=Decision.Outcome.REJECTED) & Q(decision__isnull=False)


@dataclass(frozen=True)
class Filters:
    """What the dashboard shows: a municipality and optional focus area, years, committee,
    district and target group."""

    municipality: object
    years: tuple[int, ...] = ()
    focus_area: object = None
    committee: object = None
    district: object = None
    target_group: object = None

    def previous(self) -> "Filters":
        return replace(self, years=tuple(y - 1 for y in self.years))


@dataclass
class Table:
    """One figure group: a caption, column headers and rows (first cell is the label)."""

    key: str
    caption: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    chart_column: int | None = None  # which column the bar chart shows
    drill: list[dict] = field(default_factory=list)  # per row: drill-down query parameters

    BAR_HEIGHT = 22
    BAR_WIDTH = 220

    def chart(self) -> dict | None:
        """Geometry of a horizontal bar chart of ``chart_column`` (SVG units), or None."""
        if self.chart_column is None or not self.rows:
            return None
        values = [row[self.chart_column] or 0 for row in self.rows]
        top = max(values) or 1
        bars = [
            {
                "label": _short(str(row[0])),
                "y": i * self.BAR_HEIGHT,
                "text_y": i * self.BAR_HEIGHT + 14,
                "width": round(self.BAR_WIDTH * float(value) / float(top), 1),
            }
            for i, (row, value) in enumerate(zip(self.rows, values, strict=True))
        ]
        return {"bars": bars, "height": len(bars) * self.BAR_HEIGHT}

    def drill_links(self) -> list[tuple[str, str]]:
        """(row label, query string) for the list of grants behind each row."""
        return [
            (str(row[0]), urlencode({f"drill_{k}": v for k, v in params.items()}))
            for row, params in zip(self.rows, self.drill, strict=True)
        ]


def _short(label: str, size: int = 26) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def applications(filters: Filters) -> QuerySet[Application]:
    """Submitted (not withdrawn) applications the filters select."""
    qs = Application.objects.filter(
        call__programme__committee__municipality=filters.municipality
    ).exclude(status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN])
    if filters.years:
        qs = qs.filter(submitted_at__year__in=filters.years)
    if filters.committee is not None:
        qs = qs.filter(call__programme__committee=filters.committee)
    if filters.district is not None:
        qs = qs.filter(organisation__district=filters.district)
    if filters.focus_area is not None:
        qs = qs.filter(
            Exists(
                Application.focus_areas.through.objects.filter(
                    application=OuterRef("pk"), focusarea=filters.focus_area
                )
            )
        )
    if filters.target_group is not None:
        qs = qs.filter(
            Exists(
                Application.objects.filter(
                    pk=OuterRef("pk"), call__programme__target_groups=filters.target_group
                )
            )
        )
    return qs


def _measures() -> dict:
    paid = Q(decision__payout__batch__status=PayoutBatch.Status.PAID)
    return {
        "count": Count("pk", distinct=True),
        "applied": Coalesce(Sum("amount_requested"), ZERO),
        "decided": Count("decision", distinct=True),
        "approved": Count("decision", filter=APPROVED, distinct=True),
        "granted": Coalesce(Sum("decision__amount"), ZERO),
        "paid": Coalesce(Sum("decision__payout__amount", filter=paid), ZERO),
        "organisations": Count("organisation", filter=APPROVED, distinct=True),
    }


MEASURE_COLUMNS = [
    _("Applications"),
    _("Applied for (SEK)"),
    _("Decided"),
    _("Approved"),
    _("Approval rate (%)"),
    _("Granted (SEK)"),
    _("Paid (SEK)"),
    _("Organisations reached"),
]


def _measure_row(label, m) -> list:
    rate = round(100 * m["approved"] / m["decided"]) if m["decided"] else None
    return [
        label,
        m["count"],
        m["applied"],
        m["decided"],
        m["approved"],
        rate,
        m["granted"],
        m["paid"],
        m["organisations"],
    ]


def totals(filters: Filters) -> dict:
    return applications(filters).aggregate(**_measures())


def by_focus_area(filters: Filters) -> Table:
    rows = (
        applications(filters)
        .values("focus_areas__pk", "focus_areas__name", "focus_areas__ordering")
        .annotate(**_measures())
        .order_by("focus_areas__ordering", "focus_areas__name")
    )
    table = Table(
        "focus_areas",
        str(_("Grants per focus area")),
        [str(_("Focus area")), *map(str, MEASURE_COLUMNS)],
        chart_column=6,
    )
    for m in rows:
        label = m["focus_areas__name"] or str(_("No focus area"))
        table.rows.append(_measure_row(label, m))
        table.drill.append({"focus_area": m["focus_areas__pk"] or "none"})
    return table


def _grouped(filters, key, name_key, table_key, caption, label_column, labels=None) -> Table:
    rows = (
        applications(filters)
        .values(key, *([name_key] if name_key else []))
        .annotate(**_measures())
        .order_by(key)
    )
    table = Table(
        table_key, str(caption), [str(label_column), *map(str, MEASURE_COLUMNS)], chart_column=6
    )
    for m in rows:
        raw = m[name_key] if name_key else m[key]
        label = labels.get(raw, raw) if labels else raw
        table.rows.append(_measure_row(str(label or _("Not stated")), m))
        table.drill.append({table_key: m[key] if m[key] is not None else "none"})
    return table


def by_kind(filters: Filters) -> Table:
    return _grouped(
        filters,
        "call__programme__kind",
        None,
        "kind",
        _("Grants per kind"),
        _("Kind of grant"),
        dict(GrantKind.choices),
    )


def by_district(filters: Filters) -> Table:
    return _grouped(
        filters,
        "organisation__district",
        "organisation__district__name",
        "district",
        _("Grants per district"),
        _("District"),
    )


def by_target_group(filters: Filters) -> Table:
    return _grouped(
        filters,
        "call__programme__target_groups",
        "call__programme__target_groups__name",
        "target_group",
        _("Grants per target group"),
        _("Target group"),
    )


def new_organisations(filters: Filters) -> int:
    """Organisations whose first approved grant in the municipality falls in the years."""
    if not filters.years:
        return 0
    first = Min(
        "applications__submitted_at",
        filter=Q(applications__call__programme__committee__municipality=filters.municipality)
        & ~Q(applications__decision__outcome=Decision.Outcome.REJECTED)
        & Q(applications__decision__isnull=False),
    )
    reached = applications(filters).filter(APPROVED).values("organisation")
    return (
        Organisation.objects.filter(pk__in=reached)
        .annotate(first=first)
        .filter(first__year__in=filters.years)
        .count()
    )


def participants(filters: Filters) -> Table:
    """Participants by age band and gender, from the follow-up reports of the grants."""
    reports = FollowUpReport.objects.filter(
        decision__application__in=applications(filters)
    ).exclude(status=FollowUpReport.Status.DUE)
    keys = {f"{b}|{g}": (b, g) for b in AgeBand.values for g in Gender.values}
    sums = reports.aggregate(
        **{
            f"k{i}": Coalesce(
                Sum(
                    Cast(
                        KeyTextTransform(key, KeyTransform("counts", "participants")),
                        IntegerField(),
                    )
                ),
                0,
            )
            for i, key in enumerate(keys)
        }
    )
    values = dict(zip(keys, [sums[f"k{i}"] for i in range(len(keys))], strict=True))
    table = Table(
        "participants",
        str(_("Participants by age and gender (follow-up reports)")),
        [str(_("Age")), *[str(g.label) for g in Gender], str(_("In all"))],
        chart_column=len(Gender) + 1,
    )
    for band in AgeBand:
        counts = [values[f"{band.value}|{g}"] for g in Gender.values]
        table.rows.append([str(band.label), *counts, sum(counts)])
    return table


def networks(filters: Filters) -> Table:
    """Networks, meetings held, attendance and actions, per focus area (three queries)."""
    nets = Network.objects.filter(municipality=filters.municipality)
    if filters.focus_area is not None:
        nets = nets.filter(focus_areas=filters.focus_area)
    if filters.district is not None:
        nets = nets.filter(districts=filters.district)
    if filters.target_group is not None:
        nets = nets.filter(target_groups=filters.target_group)
    now = timezone.now()
    held = Q(meetings__ends_at__lt=now) & ~Q(meetings__status=Meeting.Status.CANCELLED)
    if filters.years:
        held &= Q(meetings__starts_at__year__in=filters.years)
    network_rows = {
        r["focus_areas__name"]: r
        for r in nets.values("focus_areas__name").annotate(
            networks=Count("pk", distinct=True),
            meetings=Count("meetings", filter=held, distinct=True),
        )
    }
    attended = Attendance.objects.filter(meeting__network__in=nets, meeting__ends_at__lt=now)
    if filters.years:
        attended = attended.filter(meeting__starts_at__year__in=filters.years)
    people = {
        r["meeting__network__focus_areas__name"]: r["people"]
        for r in attended.values("meeting__network__focus_areas__name").annotate(
            people=Sum("people")
        )
    }
    actions = {
        r["network__focus_areas__name"]: r
        for r in Action.objects.filter(network__in=nets, status__in=Action.OPEN_STATUSES)
        .values("network__focus_areas__name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=timezone.localdate())))
    }
    table = Table(
        "networks",
        str(_("Networks, meetings and actions per focus area")),
        [
            str(_("Focus area")),
            str(_("Networks")),
            str(_("Meetings held")),
            str(_("Attendance (people)")),
            str(_("Open actions")),
            str(_("Overdue actions")),
        ],
        chart_column=3,
    )
    for name in sorted(set(network_rows) | set(actions), key=lambda n: (n is None, n or "")):
        n, a = network_rows.get(name, {}), actions.get(name, {})
        table.rows.append(
            [
                name or str(_("No focus area")),
                n.get("networks", 0),
                n.get("meetings", 0),
                people.get(name) or 0,
                a.get("open", 0),
                a.get("overdue", 0),
            ]
        )
    return table


def summary(filters: Filters) -> Table:
    """The headline figures for the chosen years and the years before, with the change."""
    now, before = totals(filters), totals(filters.previous()) if filters.years else None
    table = Table(
        "summary",
        str(_("Summary")),
        [str(_("Measure")), str(_("Chosen period")), str(_("Year before")), str(_("Change"))],
    )
    labels = [
        ("count", _("Applications")),
        ("applied", _("Applied for (SEK)")),
        ("granted", _("Granted (SEK)")),
        ("paid", _("Paid (SEK)")),
        ("organisations", _("Organisations reached")),
    ]
    for key, label in labels:
        previous = before[key] if before else None
        change = now[key] - previous if previous is not None else None
        table.rows.append([str(label), now[key], previous, change])
    table.rows.append(
        [
            str(_("New organisations")),
            new_organisations(filters),
            new_organisations(filters.previous()) if filters.years else None,
            None,
        ]
    )
    return table


def dashboard_tables(filters: Filters) -> list[Table]:
    return [
        summary(filters),
        by_focus_area(filters),
        by_kind(filters),
        by_district(filters),
        by_target_group(filters),
        participants(filters),
        networks(filters),
    ]


# Drill-down parameters (the rows of a figure group) -> the application lookup they filter.
DRILL_LOOKUPS = {
    "focus_area": "focus_areas",
    "kind": "call__programme__kind",
    "district": "organisation__district",
    "target_group": "call__programme__target_groups",
}


def drill_down(filters: Filters, drill: dict | None = None) -> QuerySet[Application]:
    """The decided grants behind a figure: organisation, programme, amount, date. ``drill``
    holds a row's values ({"district": "7"}; "none" for rows without one)."""
    grants = applications(filters).filter(decision__isnull=False)
    for key, value in (drill or {}).items():
        lookup = DRILL_LOOKUPS.get(key)
        if lookup is None or not value:
            continue
        if value == "none":
            grants = grants.filter(**{f"{lookup}__isnull": True})
        else:
            grants = grants.filter(**{lookup: value}).distinct()
    return grants.select_related("organisation", "call__programme", "decision").order_by(
        "-decision__decided_at"
    )


def compare_municipalities(years: tuple[int, ...]) -> list[Table]:
    """The same measures for every municipality side by side (portal administrators): one
    query for grants, one for networks and meetings."""
    grants = (
        Application.objects.exclude(
            status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN]
        )
        .filter(submitted_at__year__in=years)
        .values("call__programme__committee__municipality__name")
        .annotate(**_measures())
        .order_by("call__programme__committee__municipality__name")
    )
    grant_table = Table(
        "municipalities",
        str(_("Grants per municipality")),
        [str(_("Municipality")), *map(str, MEASURE_COLUMNS)],
        chart_column=6,
    )
    for m in grants:
        grant_table.rows.append(
            _measure_row(m["call__programme__committee__municipality__name"], m)
        )
    now = timezone.now()
    held = (
        Q(meetings__ends_at__lt=now)
        & ~Q(meetings__status=Meeting.Status.CANCELLED)
        & Q(meetings__starts_at__year__in=years)
    )
    nets = (
        Network.objects.values("municipality__name")
        .annotate(
            networks=Count("pk", distinct=True),
            meetings=Count("meetings", filter=held, distinct=True),
        )
        .order_by("municipality__name")
    )
    network_table = Table(
        "municipality_networks",
        str(_("Networks and meetings per municipality")),
        [str(_("Municipality")), str(_("Networks")), str(_("Meetings held"))],
        chart_column=2,
    )
    for n in nets:
        network_table.rows.append([n["municipality__name"], n["networks"], n["meetings"]])
    return [grant_table, network_table]
