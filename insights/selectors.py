"""The dashboard's figures, aggregated in the database: one query per table, whatever the
number of applications, networks or meetings. Only counts and sums: no personal data.

An application counts under the focus areas it was tagged with at submission (the call's or
the programme's), under its year (``grants.years``: the year of the decision in Stockholm
time, the date the public list shows; the year of submission while undecided), its
committee, the organisation's district and the programme's target groups. Money paid counts
in the year it was paid (the payout batch marked paid), in the same cell otherwise; money
that reached informal groups (through a host organisation, suppliers' invoices or a
responsible adult's account) is a figure of its own.
"""

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from grants.models import Application, GrantKind
from grants.years import GrantYear
from insights.models import GrantRollup, NetworkRollup, ParticipantRollup
from organisations.models import AgeBand, Gender
from portal.models import Committee, District, FocusArea, Municipality, TargetGroup


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

    def drill_links(self) -> list[tuple[str, str]]:
        """(row label, query string) for the list of grants behind each row."""
        return [
            (str(row[0]), urlencode({f"drill_{k}": v for k, v in params.items()}))
            for row, params in zip(self.rows, self.drill, strict=True)
        ]


def applications(filters: Filters) -> QuerySet[Application]:
    """Submitted (not withdrawn) applications the filters select."""
    qs = Application.objects.filter(
        call__programme__committee__municipality=filters.municipality
    ).exclude(status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN])
    if filters.years:
        qs = qs.alias(grant_year=GrantYear()).filter(grant_year__in=filters.years)
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


# The organisations reached by a group of cells: their bit strings OR-ed, the bits counted.
REACHED_SQL = "COALESCE(bit_count(bit_or(r.organisations)), 0)"

# The sums of a figure group over the rollup cells ``r`` (insights.models).
SUMS_SQL = """
    COALESCE(SUM(r.applications), 0) AS count,
    COALESCE(SUM(r.applied), 0) AS applied,
    COALESCE(SUM(r.decided), 0) AS decided,
    COALESCE(SUM(r.approved), 0) AS approved,
    COALESCE(SUM(r.granted), 0) AS granted,
    COALESCE(SUM(r.paid), 0) AS paid,
    COALESCE(SUM(r.informal_granted), 0) AS informal_granted,
    COALESCE(SUM(r.informal_paid), 0) AS informal_paid
"""


def _where(filters: Filters) -> tuple[str, list]:
    """The WHERE clause selecting the rollup cells ``r`` of the filters."""
    clauses, params = ["r.municipality_id = %s"], [filters.municipality.pk]
    if filters.years:
        clauses.append("r.year = ANY(%s)")
        params.append(list(filters.years))
    for column, value in (("committee_id", filters.committee), ("district_id", filters.district)):
        if value is not None:
            clauses.append(f"r.{column} = %s")
            params.append(value.pk)
    _contains(clauses, params, focus_area_ids=filters.focus_area)
    _contains(clauses, params, target_group_ids=filters.target_group)
    return " AND ".join(clauses), params


def _contains(clauses: list, params: list, **arrays) -> None:
    """Cells ``r`` whose id array column holds the chosen object (None: no condition)."""
    for column, value in arrays.items():
        if value is not None:
            clauses.append(f"r.{column} @> ARRAY[%s]::integer[]")
            params.append(value.pk)


def _fetch(sql: str, params: list) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _grouped_rows(
    filters: Filters,
    group: str,
    unnest: str = "",
    label: str = "grouped.key",
    label_join: str = "",
    order: str = "grouped.key",
) -> list[dict]:
    """The sums and the organisations reached per ``group`` (an SQL expression over the
    cells ``r`` and, when ``unnest`` spreads a cell over its focus areas or target groups,
    ``g.id``), in one query that reads each cell once."""
    where, params = _where(filters)
    sql = f"""
        WITH grouped AS (
            SELECT {group} AS key, {SUMS_SQL}, {REACHED_SQL} AS organisations
            FROM {GrantRollup._meta.db_table} r {unnest} WHERE {where} GROUP BY 1
        )
        SELECT grouped.*, {label} AS label FROM grouped {label_join} ORDER BY {order}
    """  # noqa: S608 -- identifiers from the models, values as parameters
    return _fetch(sql, params)


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
    """The sums over everything the filters select, the organisations reached and those
    reached for the first time (their first approved grant in the municipality falls in a
    chosen year, in a cell the filters select)."""
    where, params = _where(filters)
    sql = f"""
        SELECT {SUMS_SQL}, {REACHED_SQL} AS organisations,
               COALESCE(bit_count(bit_or(r.new_organisations)), 0) AS new_organisations
        FROM {GrantRollup._meta.db_table} r WHERE {where}
    """  # noqa: S608 -- identifiers from the models, values as parameters
    return _fetch(sql, params)[0]


def _table(key, caption, label_column, rows, drill_key, labels=None) -> Table:
    table = Table(
        key, str(caption), [str(label_column), *map(str, MEASURE_COLUMNS)], chart_column=6
    )
    for m in rows:
        label = m["label"]
        if labels is not None:
            label = labels.get(label, label)
        table.rows.append(_measure_row(str(label or _("Not stated")), m))
        table.drill.append({drill_key: m["key"] if m["key"] is not None else "none"})
    return table


def _spread(column: str) -> str:
    """A cell once per id in its array ``column`` (once with NULL if the array is empty)."""
    return f"LEFT JOIN LATERAL unnest(r.{column}) AS g(id) ON true"


def by_focus_area(filters: Filters) -> Table:
    rows = _grouped_rows(
        filters,
        "g.id",
        unnest=_spread("focus_area_ids"),
        label="fa.name",
        label_join=f"LEFT JOIN {FocusArea._meta.db_table} fa ON fa.id = grouped.key",
        order="fa.ordering, fa.name",
    )
    for m in rows:
        m["label"] = m["label"] or str(_("No focus area"))
    return _table("focus_areas", _("Grants per focus area"), _("Focus area"), rows, "focus_area")


def by_kind(filters: Filters) -> Table:
    rows = _grouped_rows(filters, "r.kind")
    return _table(
        "kind", _("Grants per kind"), _("Kind of grant"), rows, "kind", dict(GrantKind.choices)
    )


def by_district(filters: Filters) -> Table:
    rows = _grouped_rows(
        filters,
        "r.district_id",
        label="d.name",
        label_join=f"LEFT JOIN {District._meta.db_table} d ON d.id = grouped.key",
    )
    return _table("district", _("Grants per district"), _("District"), rows, "district")


def by_target_group(filters: Filters) -> Table:
    rows = _grouped_rows(
        filters,
        "g.id",
        unnest=_spread("target_group_ids"),
        label="tg.name",
        label_join=f"LEFT JOIN {TargetGroup._meta.db_table} tg ON tg.id = grouped.key",
    )
    return _table(
        "target_group", _("Grants per target group"), _("Target group"), rows, "target_group"
    )


def participants(filters: Filters) -> Table:
    """Participants by age band and gender, from the follow-up reports of the grants."""
    where, params = _where(filters)
    sql = (
        "SELECT r.age_band, r.gender, SUM(r.people) AS people "  # noqa: S608 -- no user input
        f"FROM {ParticipantRollup._meta.db_table} r WHERE {where} GROUP BY 1, 2"
    )
    values = {(row["age_band"], row["gender"]): row["people"] for row in _fetch(sql, params)}
    table = Table(
        "participants",
        str(_("Participants by age and gender (follow-up reports)")),
        [str(_("Age")), *[str(g.label) for g in Gender], str(_("In all"))],
        chart_column=len(Gender) + 1,
    )
    for band in AgeBand:
        counts = [values.get((band.value, g), 0) for g in Gender.values]
        table.rows.append([str(band.label), *counts, sum(counts)])
    return table


def networks(filters: Filters) -> Table:
    """Networks, meetings held, attendance and open/overdue actions per focus area, from the
    network rollups (insights.models): one query."""
    clauses, params = ["r.municipality_id = %s"], [filters.municipality.pk]
    if filters.years:
        clauses.append("(r.year IS NULL OR r.year = ANY(%s))")
        params.append(list(filters.years))
    _contains(
        clauses,
        params,
        focus_area_ids=filters.focus_area,
        district_ids=filters.district,
        target_group_ids=filters.target_group,
    )
    # Sums per focus area id first, names after: joined per cell, the names table was
    # scanned once for every cell whenever the planner misjudged the number of cells.
    sql = f"""
        WITH grouped AS (
            SELECT g.id AS key, COALESCE(SUM(r.networks), 0) AS networks,
                   COALESCE(SUM(r.meetings), 0) AS meetings,
                   COALESCE(SUM(r.attendance), 0) AS people,
                   COALESCE(SUM(r.open_actions), 0) AS open,
                   COALESCE(SUM(r.overdue_actions), 0) AS overdue
            FROM {NetworkRollup._meta.db_table} r {_spread("focus_area_ids")}
            WHERE {" AND ".join(clauses)}
            GROUP BY 1
        )
        SELECT fa.name AS name, grouped.*
        FROM grouped LEFT JOIN {FocusArea._meta.db_table} fa ON fa.id = grouped.key
    """  # noqa: S608 -- identifiers from the models, values as parameters
    rows = sorted(_fetch(sql, params), key=lambda r: (r["name"] is None, r["name"] or ""))
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
    for r in rows:
        table.rows.append(
            [
                r["name"] or str(_("No focus area")),
                r["networks"],
                r["meetings"],
                r["people"],
                r["open"],
                r["overdue"],
            ]
        )
    return table


def summary(filters: Filters) -> Table:
    """The headline figures for the chosen years and the years before, with the change."""
    now, before = totals(filters), totals(filters.previous()) if filters.years else None
    table = Table(
        "summary",
        str(_("Summary")),
        [
            str(_("Measure")),
            str(_("Chosen period")),
            str(_("Year before")),
            str(pgettext_lazy("compared with the year before", "Change")),
        ],
    )
    labels = [
        ("count", _("Applications")),
        ("applied", _("Applied for (SEK)")),
        ("granted", _("Granted (SEK)")),
        ("paid", _("Paid (SEK)")),
        ("informal_granted", _("Granted to informal groups (SEK)")),
        ("informal_paid", _("Paid to informal groups (SEK)")),
        ("organisations", _("Organisations reached")),
        ("new_organisations", _("New organisations")),
    ]
    for key, label in labels:
        previous = before[key] if before else None
        change = now[key] - previous if previous is not None else None
        table.rows.append([str(label), now[key], previous, change])
    return table


STRUCTURE_MODELS = (FocusArea, Committee, District, TargetGroup)


def structure(municipality: Municipality) -> dict[type, dict[str, object]]:
    """The municipality's focus areas (in their order), committees, districts and target
    groups (by name), each {str(pk): object}, in one query: the dashboard's filter choices.
    Fields not read (descriptions) load if asked for."""
    union = " UNION ALL ".join(
        f"""SELECT {kind} AS kind, id, municipality_id, name, slug, ordering
            FROM {model._meta.db_table} WHERE municipality_id = %s"""  # noqa: S608 -- model tables
        for kind, model in enumerate(STRUCTURE_MODELS)
    )
    sql = f"""
        SELECT * FROM ({union}) s
        ORDER BY kind, CASE WHEN kind = 0 THEN ordering ELSE 0 END, name
    """  # noqa: S608 -- identifiers from the models, the value as a parameter
    read = ("id", "municipality_id", "name", "slug", "ordering")
    found = {model: {} for model in STRUCTURE_MODELS}
    with connection.cursor() as cursor:
        cursor.execute(sql, [municipality.pk] * len(STRUCTURE_MODELS))
        for kind, *values in cursor.fetchall():
            model = STRUCTURE_MODELS[kind]
            row = dict(zip(read, values, strict=True))
            names = [f.attname for f in model._meta.concrete_fields if f.attname in row]
            obj = model.from_db(DEFAULT_DB_ALIAS, names, [row[name] for name in names])
            obj.municipality = municipality
            found[model][str(obj.pk)] = obj
    return found


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
    sql = f"""
        WITH grouped AS (
            SELECT r.municipality_id AS key, {SUMS_SQL}, {REACHED_SQL} AS organisations
            FROM {GrantRollup._meta.db_table} r WHERE r.year = ANY(%s) GROUP BY 1
        )
        SELECT grouped.*, m.name AS label
        FROM grouped JOIN {Municipality._meta.db_table} m ON m.id = grouped.key
        ORDER BY m.name
    """  # noqa: S608 -- identifiers from the models, values as parameters
    grant_table = Table(
        "municipalities",
        str(_("Grants per municipality")),
        [str(_("Municipality")), *map(str, MEASURE_COLUMNS)],
        chart_column=6,
    )
    for m in _fetch(sql, [list(years)]):
        grant_table.rows.append(_measure_row(m["label"], m))
    nets = _fetch(
        f"""
        SELECT m.name, COALESCE(SUM(r.networks), 0) AS networks,
               COALESCE(SUM(r.meetings) FILTER (WHERE r.year = ANY(%s)), 0) AS meetings
        FROM {NetworkRollup._meta.db_table} r
        JOIN {Municipality._meta.db_table} m ON m.id = r.municipality_id
        GROUP BY m.name ORDER BY m.name
        """,  # noqa: S608 -- identifiers from the models, values as parameters
        [list(years)],
    )
    network_table = Table(
        "municipality_networks",
        str(_("Networks and meetings per municipality")),
        [str(_("Municipality")), str(_("Networks")), str(_("Meetings held"))],
        chart_column=2,
    )
    for n in nets:
        network_table.rows.append([n["name"], n["networks"], n["meetings"]])
    return [grant_table, network_table]
